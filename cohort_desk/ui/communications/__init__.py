"""E-mails and calendars for Outlook: the mail merge, the template editor, calendar files."""
