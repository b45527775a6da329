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
        # The DOCX draws a rule as the border of an empty paragraph this high.
        "paragraph_size_pt": 2,
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
        "undated": "{place}, ngày     tháng     năm {year}",
        "headings": {
            "deployment": "I- TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT",
            "results": "II- KẾT QUẢ THỰC HIỆN",
            "limitations": "III- HẠN CHẾ, KHÓ KHĂN VÀ NGUYÊN NHÂN",
            "direction": "IV- PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
            "proposals": "V- ĐỀ XUẤT, KIẾN NGHỊ",
        },
        "indicators_caption": "Kết quả các chỉ tiêu so với kỳ trước",
        "indicator_columns": ["Chỉ tiêu", "Đơn vị tính", "Kỳ này", "Kỳ trước", "Tăng, giảm"],
        "missing_caption": "Các cơ quan, đơn vị chưa báo cáo hoặc báo cáo chưa được tiếp nhận:",
        "annex_title": "PHỤ LỤC",
        "annex_caption": "Tình hình báo cáo của các cơ quan, đơn vị theo từng nhiệm vụ",
        "annex_columns": ["TT", "Cơ quan, đơn vị"],
        "annex_assignment": "Nhiệm vụ {number}",
        "annex_last_report": "Ngày báo cáo",
        "not_responsible": "–",
        "none": "Không có.",
        "xlsx_sheet_rows": "Phu luc",
        "xlsx_sheet_totals": "Tong hop chi tieu",
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
    "prefill": {
        "title": (
            "kết quả thực hiện Công văn số {reference}, ngày {date} của {issuer} về {subject}, "
            "{period}"
        ),
        "opening": (
            "Thực hiện Công văn số {reference}, ngày {date} của {issuer} về {subject}, "
            "{reporter} báo cáo kết quả {period} như sau:"
        ),
        "deployment": (
            "{reporter} đã theo dõi, đôn đốc các cơ quan, đơn vị triển khai, quán triệt và thực "
            "hiện Công văn số {reference}. Trong kỳ có {accepted}/{total} cơ quan, đơn vị có báo "
            "cáo được tiếp nhận."
        ),
        "assignment": "{number}. Kết quả thực hiện nhiệm vụ {number}",
        "duty": "{label}. {text}:",
        "body_result": "- {body} ({status}): {results}",
        "no_result": "- Chưa có báo cáo được tiếp nhận.",
        "indicator": "- {name}: {total} {unit}{comparison}.",
        "comparison": " (kỳ trước: {previous} {unit}; tăng, giảm: {change})",
        "body_item": "- {body}: {text}",
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
