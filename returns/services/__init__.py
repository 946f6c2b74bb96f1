"""Every write of the monthly return, by what it does: the state machine of a month's value
(``workflow``), the lifecycle of a reporting month (``periods``) and the return's e-mails
(``reminders``). Callers import the module they need; nothing is re-exported here.
"""
