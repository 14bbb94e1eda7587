"""Session feedback and evaluation: importing a feedback form's responses (plan, apply, undo,
as other imports), and summarising them for a session, a cohort or a period.

Decisions a user will notice, kept here so the window and the command line agree:

- A Microsoft Forms or Google Forms export is read as it comes: the form's own columns (ID,
  times, e-mail, name) are recognised by their headings, every other column is a question.
  A question's kind and scale come from its heading ("(0-10)", "How likely … recommend") and
  its answers (numbers, or Likert words such as "Agree" read on a 1-5 scale).
- A named response whose e-mail address belongs to someone we know is linked to them; any
  other response (anonymous, or from an address we do not know) belongs to nobody.
- Importing the same export again changes nothing: a response is known by the form's
  response ID, or by the whole row where the export has no ID (Google Forms), together with
  what it is about; the second import writes nothing at all, not even a batch.
- Without leave to quote ("May we quote you?" answered yes), the writer's own name never
  reaches the database, and every known name is taken out of a comment before it is shown.
  No summary ever says who wrote a comment.
- The response rate divides responses by attendees: a session's attendees are the people
  marked as attending it; a cohort's are the attendees of each of its sessions with feedback,
  plus, for feedback about the whole cohort, each participant who attended any session.
"""
