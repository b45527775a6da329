"""What each reader may find: the same rules as the pages the results open.

A body's staff find their own bodies' reports (entries and the board's comments on them); the
board and the committee find every body's. Summaries follow the summary pages: the board finds
drafts too, the committee only issued versions, body staff none. Every signed-in user may
search; one who belongs to no body and has no role finds nothing.
"""

from reports.access import reports_visible_to, summaries_visible_to


def searchable_reports(user):
    return reports_visible_to(user)


def searchable_summaries(user):
    return summaries_visible_to(user)
