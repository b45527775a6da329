"""A file mail backend that, while the file named by SLOW_MAIL_FLAG exists, announces that it is
sending and then hangs: the integration test kills the worker at that moment."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        flag = os.environ.get("SLOW_MAIL_FLAG")
        if flag and Path(flag).exists():
            Path(f"{flag}.sending").touch()
            time.sleep(120)
        return super().send_messages(email_messages)
