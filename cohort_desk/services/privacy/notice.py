"""What a UK GDPR subject-access response must say beside the data (Article 15): who the
controller and data-protection officer are, why the data is held and on what lawful basis,
who receives it, how long each kind is kept, the person's rights and how to complain."""

from __future__ import annotations

from dataclasses import dataclass

from cohort_desk.rules.wording import plural

# The Information Commissioner's Office, as the ICO publishes it for complaints.
ICO = (
    "You can complain to the Information Commissioner's Office: ico.org.uk/make-a-complaint, "
    "telephone 0303 123 1113, or Information Commissioner's Office, Wycliffe House, "
    "Water Lane, Wilmslow, Cheshire SK9 5AF. We would like the chance to put things right "
    "first, so please tell us too."
)

PURPOSES = [
    (
        "Running the programmes",
        "Enrolling you in cohorts, registers and attendance, certificates and CPD hours, and "
        "contacting you about sessions. Lawful basis: our public task of developing the health "
        "and care workforce (UK GDPR Article 6(1)(e)).",
    ),
    (
        "Mentoring and the Community of Practice",
        "Matching mentors and mentees and keeping in touch with members. Lawful basis: public "
        "task (Article 6(1)(e)); contact beyond the programme only with your consent "
        "(Article 6(1)(a)), which you can withdraw at any time.",
    ),
    (
        "Checking certificates",
        "Letting an employer or appraiser confirm that a certificate we issued is genuine. "
        "Lawful basis: public task (Article 6(1)(e)).",
    ),
    (
        "Equality monitoring",
        "Only if you chose to answer: reported in totals, never about you alone. Lawful basis: "
        "public task (Article 6(1)(e)) with Article 9(2)(g) and the Data Protection Act 2018, "
        "Schedule 1, paragraph 8 (equality of opportunity).",
    ),
]

RECIPIENTS = (
    "Academy staff who run the programmes, and the facilitators of your sessions (names on "
    "registers). Your employer only when you asked us to confirm your attendance or "
    "certificate. Anyone you give a certificate's number and code to can check it. We do not "
    "sell your information or send it outside the UK."
)

RIGHTS = (
    "You have the right to a copy of your information (this response); to have it corrected "
    "if it is wrong; to have it erased or its use restricted in some cases; to object to its "
    "use for our public task; and to withdraw any consent you gave. Contact us as below to use "
    "any of these rights."
)


@dataclass(frozen=True)
class Notice:
    controller: str
    dpo: str
    contact: str
    purposes: list[tuple[str, str]]
    recipients: str
    retention: list[tuple[str, str]]
    rights: str
    complaints: str

    def missing(self) -> list[str]:
        """What the sender must fill in before this response can go out."""
        gaps = []
        if not self.controller.strip():
            gaps.append("the data controller's name and address (Preferences)")
        if not self.dpo.strip():
            gaps.append("the data protection officer's contact (Preferences)")
        return gaps


def retention(years: int) -> list[tuple[str, str]]:
    """How long each kind of record is kept, in the words of the retention review."""
    span = plural(years, "year")
    return [
        (
            "Your details and contact information",
            f"While you take part, and reviewed when you have been inactive for {span}; then "
            "archived or erased.",
        ),
        ("Cohorts, attendance and CPD hours", "As long as your details, and erased with them."),
        (
            "Certificates",
            "The certificate's number, course, date and the name printed on it, so that it can "
            "be checked; if your record is erased, the name is replaced by 'erased'.",
        ),
        ("Mentoring and Community of Practice", "As long as your details, or until you leave."),
        (
            "Equality monitoring answers",
            "Until you ask us to delete them, or your record is erased.",
        ),
        (
            "History of changes to your record",
            "As long as your details, so that we can show who changed what and when.",
        ),
    ]


def notice(controller: str, dpo: str, contact: str, academy: str, years: int) -> Notice:
    return Notice(
        controller=controller.strip(),
        dpo=dpo.strip(),
        contact=contact.strip() or academy.strip(),
        purposes=PURPOSES,
        recipients=RECIPIENTS,
        retention=retention(years),
        rights=RIGHTS,
        complaints=ICO,
    )
