"""Pages of a long list that cost the same on page 1 whatever the list's length.

Django's Paginator counts the whole list to number the pages; for lists that only grow (every
reminder ever sent, every period of every directive) that count is the one part of the page
whose cost grows with the years. A `Slice` reads one row more than it shows to know whether an
older page exists, and links to the newer and the older page instead of numbering them.
"""

from dataclasses import dataclass


@dataclass
class Slice:
    object_list: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def page_number(value) -> int:
    """The page asked for; the first for anything that is not a positive whole number."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def slice_page(queryset, *, number, per_page: int) -> Slice:
    number = page_number(number)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Slice(object_list=rows[:per_page], number=number, has_next=len(rows) > per_page)
