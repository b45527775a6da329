"""The one place of layout configuration for the periodic summary's documents.

Values follow Hướng dẫn 36-HD/VPTW (2018) as described in report-format.md; some are unverified
and a newer guidance may replace them, so every size, margin, font, label and default letterhead
value lives here and a deployment overrides any of them from settings:

    SUMMARY_DOCUMENT_LAYOUT = {"margins_mm": {"left": 35}, "letterhead": {"parent_body": "..."}}

The override is merged key by key into DEFAULTS. Labels are the document's own words: a Party
report is printed in Vietnamese whatever language the person downloading it reads.
"""

import copy
import datetime
import unicodedata
from pathlib import Path

from django.conf import settings

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"

DEFAULTS = {
    "page": {"width_mm": 210, "height_mm": 297},  # A4 portrait
    "margins_mm": {"top": 20, "bottom": 20, "left": 30, "right": 15},
    # The page number sits in the top margin, this far from the paper's edge.
    "header_distance_mm": 10,
    "font": {
        # Word uses this name; where it is missing, Liberation Serif has the same metrics.
        "docx_name": "Times New Roman",
        # The PDF embeds these TTFs, shipped in reports/fonts/ with their licence.
        "pdf_name": "LiberationSerif",
        "pdf_files": {
            "regular": "LiberationSerif-Regular.ttf",
            "bold": "LiberationSerif-Bold.ttf",
            "italic": "LiberationSerif-Italic.ttf",
            "bold_italic": "LiberationSerif-BoldItalic.ttf",
        },
        # A character Liberation Serif lacks (an emoji, a symbol a body typed) is drawn in this
        # font instead of being lost: DejaVu Sans, shipped in reports/fonts/ with its licence.
        "pdf_fallback_name": "DejaVuSans",
        "pdf_fallback_file": "DejaVuSans.ttf",
    },
    "sizes_pt": {
        "party": 15,
        "parent_body": 14,
        "issuing_body": 14,
        "star": 14,
        "number": 14,
        "place_date": 14,
        "title": 16,
        "summary_line": 14,
        "body": 14,
        "heading": 14,
        "table": 12,
        "recipients_label": 12,
        "recipients": 12,
        "authority": 14,
        "signer": 14,
        "page_number": 14,
    },
    "first_line_indent_cm": 1.27,
    "paragraph_space_after_pt": 6,
    "line_spacing": 1.15,
    # Width of the header table's left column, as a share of the text width.
    "header_left_share": 0.45,
    "signature_space_lines": 4,
    "line_spacing_docx": 1.0,
    "rules": {
        # The rule under ĐẢNG CỘNG SẢN VIỆT NAM is as long as the text; the one under the summary
        # line is short.
        "thickness_pt": 0.75,
        "table_thickness_pt": 0.5,
        "summary_rule_cm": 3.0,
        # The DOCX draws a rule as the bottom border of an empty paragraph in this font size,
        # exactly as high as the gap.
        "paragraph_size_pt": 2,
        # From the foot of the line above (its baseline plus the font's descent) to the rule's
        # top edge, the same in the DOCX and the PDF.
        "party_gap_pt": 2,
        "summary_gap_pt": 8,
    },
    # The document's language, for Word's spelling and hyphenation.
    "language": "vi-VN",
    "xlsx": {
        "font": "Times New Roman",
        "size": 12,
        "date_format": "dd/mm/yyyy",
        "margins_inch": {"left": 0.5, "right": 0.5, "top": 0.6, "bottom": 0.6},
    },
    "spacing_pt": {
        "after_header": 12,
        "after_summary_rule": 12,
        "before_foot": 12,
        "after_caption": 6,
    },
    "columns": {
        "indicator_shares": [0.40, 0.15, 0.15, 0.15, 0.15],
        "annex_number_cm": 1.0,
        "annex_body_share": 0.30,
        "annex_last_report_cm": 2.4,
        "xlsx_widths": [5, 40, 9, 50, 16, 24, 12, 14],
        "annex_detail_duty_cm": 1.3,
        "xlsx_figure_width": 18,
        "xlsx_totals_widths": [50, 14, 12, 12, 12],
    },
    "labels": {
        "party": "ĐẢNG CỘNG SẢN VIỆT NAM",
        "star": "*",
        "number_prefix": "Số",
        "title": "BÁO CÁO",
        "recipients": "Nơi nhận:",
        "date": "{place}, ngày {day} tháng {month} năm {year}",
        # The one date style of the running text: "ngày 03/8/2021".
        "running_date": "ngày {date}",
        "undated": "{place}, ngày     tháng     năm {year}",
        "headings": {
            "deployment": "I- TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT",
            "results": "II- KẾT QUẢ THỰC HIỆN",
            "limitations": "III- HẠN CHẾ, KHÓ KHĂN VÀ NGUYÊN NHÂN",
            # Names the period after this one (next_period below), as summary-model.md shows.
            "direction": "IV- PHƯƠNG HƯỚNG, NHIỆM VỤ {next_period}",
            "proposals": "V- ĐỀ XUẤT, KIẾN NGHỊ",
        },
        # The period after the one reported on, by the reported period's kind; "unknown" for a
        # kind without a rule here.
        "next_period": {
            "half_year": "6 tháng cuối năm {year}",
            "annual": "năm {next_year}",
            "unknown": "thời gian tới",
        },
        "indicators_caption": "Kết quả các chỉ tiêu so với kỳ trước",
        "indicator_columns": ["Chỉ tiêu", "Đơn vị tính", "Kỳ này", "Kỳ trước", "Tăng, giảm"],
        "missing_caption": "Các cơ quan, đơn vị chưa báo cáo hoặc báo cáo chưa được tiếp nhận:",
        "annex_title": "PHỤ LỤC",
        "annex_caption": "Tình hình báo cáo của các cơ quan, đơn vị theo từng nhiệm vụ",
        "annex_1_title": "Phụ lục 1",
        "annex_2_title": "Phụ lục 2",
        "annex_2_caption": "Kết quả thực hiện của các cơ quan, đơn vị",
        "annex_attached": "(Kèm theo Báo cáo số {reference}, {date} của {reporter})",
        "annex_attached_draft": "(Kèm theo Báo cáo số      -{symbol} của {reporter})",
        "annex_status_codes": {
            "done_on_time": "HT",
            "done_late": "HT-QH",
            "in_progress_on_time": "ĐTH",
            "in_progress_late": "ĐTH-QH",
            "not_accepted": "CTN",
            "not_sent": "CBC",
        },
        "annex_legend": (
            "Ghi chú: HT: hoàn thành đúng hạn; HT-QH: hoàn thành quá hạn; ĐTH: đang thực hiện "
            "trong hạn; ĐTH-QH: đang thực hiện quá hạn; CTN: báo cáo chưa được tiếp nhận; CBC: "
            "chưa báo cáo; –: không được giao."
        ),
        "detail_status": "Tình trạng: {status}.",
        "detail_results": "Kết quả: {text}",
        "detail_difficulties": "Khó khăn: {text}",
        "detail_proposals": "Đề xuất: {text}",
        "annex_columns": ["TT", "Cơ quan, đơn vị"],
        "annex_assignment": "Nhiệm vụ {number}",
        "annex_last_report": "Ngày báo cáo",
        "not_responsible": "–",
        "none": "Không có.",
        "xlsx_sheet_rows": "Phụ lục",
        "xlsx_sheet_totals": "Tổng hợp chỉ tiêu",
        "xlsx_columns": [
            "TT",
            "Cơ quan, đơn vị",
            "Nhiệm vụ",
            "Nội dung nhiệm vụ",
            "Trạng thái báo cáo",
            "Tình trạng thực hiện",
            "Ngày gửi",
            "Ngày tiếp nhận",
        ],
        "xlsx_total": "Tổng cộng (báo cáo đã tiếp nhận)",
    },
    # The words summary_assemble prefills the narrative with; the board edits them freely.
    # Sentences in the passive office register of Party reports (summary-model.md).
    "prefill": {
        "title": (
            "kết quả {period} thực hiện Công văn số {reference}, {date} của {issuer} về {subject}"
        ),
        "opening": (
            "Thực hiện Công văn số {reference}, {date} của {issuer} về {subject}, "
            "{reporter} báo cáo kết quả {period} như sau:"
        ),
        "deployment_sent": "Trong kỳ, {sent}/{total} cơ quan, đơn vị đã gửi báo cáo ({timing})",
        "deployment_on_time": "{count} đơn vị đúng hạn",
        "deployment_late": "{count} đơn vị quá hạn",
        "deployment_none_sent": "Trong kỳ, chưa có cơ quan, đơn vị nào gửi báo cáo",
        "deployment_missing": "; {count} đơn vị chưa báo cáo: {names}",
        "deployment_all_sent": "; tất cả các cơ quan, đơn vị đã báo cáo",
        "deployment_accepted": (
            "Ban đã tiếp nhận {accepted} báo cáo; {pending} báo cáo đang được xem xét."
        ),
        "deployment_accepted_all": "Ban đã tiếp nhận {accepted} báo cáo.",
        "deployment_indicators": "Về triển khai, quán triệt, trong kỳ có {items}.",
        # Indicators whose name holds one of these words tell how the letter was deployed.
        "deployment_indicator_words": [
            "hội nghị",
            "quán triệt",
            "tập huấn",
            "tham dự",
            "lượt",
        ],
        "assignment": "{number}. {title}",
        "assignment_bodies": " ({bodies})",
        "lead": "{names} chủ trì",
        "coordinating": "{names} phối hợp",
        "status_first": "{count}/{total} cơ quan, đơn vị {label}",
        "status_next": "{count} đơn vị {label}",
        "status_words": {
            "done_on_time": "hoàn thành đúng hạn",
            "done_late": "hoàn thành quá hạn",
            "in_progress_on_time": "đang thực hiện trong hạn",
            "in_progress_late": "đang thực hiện quá hạn",
            "not_accepted": "có báo cáo chưa được tiếp nhận",
            "not_sent": "chưa báo cáo",
        },
        # Bodies are named where the board must act, at most this many in a row.
        "names_limit": 5,
        "names_more": "{names}, …",
        "totals": "Trong kỳ, {items}.",
        "indicator_total": "{name}: {total} {unit}",
        "increase": "tăng {change} {unit}{percent} so với {previous}",
        "decrease": "giảm {change} {unit}{percent} so với {previous}",
        "same": "tương đương {previous}",
        "percent": " ({percent}%)",
        "highlights": "Tiêu biểu: {items}.",
        "highlight": "{body}: {text}",
        "no_report": "Chưa có báo cáo được tiếp nhận về nhiệm vụ này.",
        "raised": {
            "limitations": "{count} đơn vị nêu",
            "proposals": "{count} đơn vị đề xuất",
        },
        "raised_one": "{body}",
        "raised_few": "{counted}: {names}",
        "raised_many": "{counted}, trong đó có {names}, …",
        "group_line": "{number}. {text} ({raised}).",
        # At most this many grouped difficulties (or proposals); the rest are in annex 2.
        "groups_limit": 10,
        "groups_rest": (
            "Ngoài ra, các cơ quan, đơn vị còn nêu {count} ý kiến khác (chi tiết tại Phụ lục 2)."
        ),
        # Two statements are "nearly the same" when this share of their words is shared.
        "similarity": 0.6,
        "none_raised": "Các cơ quan, đơn vị không nêu {what}.",
        "none_what": {"limitations": "khó khăn, vướng mắc", "proposals": "đề xuất, kiến nghị"},
        "direction_line": "{number}. Tiếp tục {title}.",
        "direction": (
            "Tiếp tục theo dõi, đôn đốc các cơ quan, đơn vị thực hiện nghiêm Công văn số "
            "{reference}; kịp thời tổng hợp, báo cáo Ban Thường vụ Tỉnh ủy."
        ),
    },
    # Default letterhead of a new summary; each summary keeps its own, editable copy.
    "letterhead": {
        "parent_body": "TỈNH ỦY KIÊN GIANG",
        "issuing_body": "BAN TUYÊN GIÁO",
        "reporter": "Ban Tuyên giáo Tỉnh ủy",
        "symbol": "BC/BTGTU",
        "place": "Kiên Giang",
        "authority_line": "K/T TRƯỞNG BAN",
        "signer_title": "PHÓ TRƯỞNG BAN",
        "signer_name": "",
        "recipients": [
            "Thường trực Tỉnh ủy (b/c),",
            "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy (b/c),",
            "Lãnh đạo Ban,",
            "Lưu Văn phòng.",
        ],
    },
}


def _merge(base: dict, override: dict) -> dict:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def layout() -> dict:
    """The layout in force: DEFAULTS with settings.SUMMARY_DOCUMENT_LAYOUT merged in."""
    return _merge(DEFAULTS, getattr(settings, "SUMMARY_DOCUMENT_LAYOUT", {}) or {})


# Characters XML 1.0 (DOCX, XLSX) cannot hold: C0 controls other than tab and line breaks.
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def nfc(text) -> str:
    """Every printed text goes through here: input pasted from Word or a phone may be NFD, and
    a stray control character would make the XML of a DOCX or XLSX unreadable."""
    return unicodedata.normalize("NFC", "" if text is None else str(text)).translate(_CONTROL)


def _pad(number: int, *, when) -> str:
    return f"{number:02d}" if when(number) else str(number)


def party_day(day: int) -> str:
    return _pad(day, when=lambda n: n < 10)


def party_month(month: int) -> str:
    # Months 1 and 2 are padded so "tháng 1" cannot be altered into "tháng 11" or "tháng 12".
    return _pad(month, when=lambda n: n <= 2)


def party_date_numeric(date: datetime.date) -> str:
    """'03/8/2021': the form used inside the text of Party documents."""
    return f"{party_day(date.day)}/{party_month(date.month)}/{date.year}"


def place_and_date(*, place: str, date: datetime.date | None, year: int, config: dict) -> str:
    """'Kiên Giang, ngày 05 tháng 02 năm 2022'; blanks to fill by hand while not yet issued."""
    labels = config["labels"]
    if date is None:
        return nfc(labels["undated"].format(place=place, year=year))
    return nfc(
        labels["date"].format(
            place=place, day=party_day(date.day), month=party_month(date.month), year=date.year
        )
    )


def running_date(date: datetime.date, config: dict | None = None) -> str:
    """'ngày 03/8/2021': the one style for a date inside the running text."""
    labels = (config or layout())["labels"]
    return labels["running_date"].format(date=party_date_numeric(date))


def next_period(period: dict, config: dict) -> str:
    """'6 tháng cuối năm 2026' after the first half of 2026, 'năm 2027' after the year 2026."""
    words = config["labels"]["next_period"]
    template = words.get(period.get("kind"), words["unknown"])
    return nfc(template.format(year=period["year"], next_year=period["year"] + 1))


def section_heading(key: str, *, period: dict, config: dict) -> str:
    """A section's heading in capitals, section IV naming the period its tasks are for."""
    heading = config["labels"]["headings"][key]
    return nfc(heading.format(next_period=next_period(period, config)).upper())


def vn_number(value: int) -> str:
    """1234 -> '1.234': Vietnamese groups thousands with a dot."""
    return f"{value:,}".replace(",", ".")


def vn_percent(value: float) -> str:
    """2.3456 -> '2,3'; a whole number prints without its decimal ('20')."""
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",")
