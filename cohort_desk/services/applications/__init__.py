"""Applications to a cohort and fair selection: the import of a Forms export, the panel's
criteria and scores, statuses and the waiting list, offers up to the number of places, and the
selection report.

Decisions a user will notice, kept here so the window and the command line agree:

- One application per person and cohort; a repeat is refused by hand and shown as a repeat in
  an import's preview, never merged silently.
- A panel member is the account running Cohort Desk, as the audit trail names it; each member
  has one score per criterion and application, which they can change. An application's score
  on a criterion is the mean of the panel's scores, and its total the sum over criteria.
- Places are held by open offers and by enrolled participants; someone who withdraws before
  the start frees their place. Offers never exceed the free places (refused in one sentence).
- Offers go to the waiting list in its order, then to the shortlisted by total score, highest
  first; equal totals stay in the order the applications arrived, and the tie is explained.
  Offering to the shortlisted is refused until each of them is scored on every criterion.
- Setting someone to waiting puts them at the end of the list; the list has no gaps.
- When a place frees before the start and someone waits, the first on the list is proposed to
  the person at the keyboard; nothing is offered without them.
- Accepting an offer enrols the person as a participant; withdrawing after accepting
  withdraws the enrolment too. Every change is audited and can be undone.
"""
