import pytest, datetime
from reports.services.summaries import summary_assemble, summary_issue
from reports.selectors.summaries import summary_document
from reports.documents import render
from tests.factories_summaries import period_with_reports
pytestmark = pytest.mark.django_db
def test_smoke(directive, board):
    directive.number = "06"; directive.save()
    d = period_with_reports(directive)
    s = summary_assemble(period=d.period, user=board)
    s.results += "\nGhi chú 😀 ★ ✓ ②"
    s.save()
    summary_issue(summary=s, user=board, number="12", issued_on=datetime.date(2026,7,6))
    s.refresh_from_db()
    c = summary_document(summary=s)
    for f in ("pdf",):
        open(f"/tmp/i10_smoke.{f}","wb").write(render(f, c))
