"""The outbox: every e-mail the application sends is first a row (OutgoingEmail), written in the
same transaction as the change that caused it, so an outage of the broker or the mail server
delays a message and never loses it.

Use one function: `reports.outbox.services.queue_email(...)` inside the transaction of the change.
The worker delivers the row by id; the reminder scan sweeps the rows whose next attempt has come
(a lost enqueue, a dead worker, a mail server that was down), with growing waits up to an hour,
for EMAIL_DELIVERY_WINDOW_HOURS; only then is a message failed and the board told under the bell.
"""
