"""After the load test (script/loadtest runs it): is every draft save the server acknowledged in
the database? Each one must be in its entry's history, and each form's last one must be the
entry's text now. Usage: loadtest_check.py ACKS_JSON"""

import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "directive_tracker.settings")

import django  # noqa: E402

django.setup()

from reports.models import ProgressEntry  # noqa: E402


def main(path: str) -> int:
    acknowledged = json.loads(Path(path).read_text())
    missing, last_text = [], {}
    for ack in acknowledged:
        report_id = int(re.search(r"/reports/(\d+)/edit/", ack["url"]).group(1))
        duty_id = int(re.match(r"d(\d+)_results", ack["field"]).group(1))
        key = (report_id, duty_id)
        found = ProgressEntry.history.filter(
            report_id=report_id, duty_id=duty_id, results=ack["text"]
        ).exists()
        if not found:
            missing.append(ack)
        last_text[key] = ack["text"]
    stale = [
        key
        for key, text in last_text.items()
        if ProgressEntry.objects.get(report_id=key[0], duty_id=key[1]).results != text
    ]
    print(
        json.dumps(
            {
                "name": "acknowledged_saves_in_database",
                "acknowledged": len(acknowledged),
                "missing_from_history": len(missing),
                "forms_whose_last_save_is_not_current": len(stale),
            }
        )
    )
    return 1 if missing or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
