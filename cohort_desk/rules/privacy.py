"""Privacy rules: small-number suppression, inactivity for retention reviews, equality lists."""

from __future__ import annotations

from datetime import date

PREFER_NOT_TO_SAY = "Prefer not to say"


def suppress_small(count: int, threshold: int = 5, show_zero: bool = False) -> str:
    """A count as printed in an aggregate report: counts below ``threshold`` become "<5".

    Zero is suppressed too unless ``show_zero``: in a cohort of thirty, "Disability: yes 0"
    tells a reader something true about every single person (attribute disclosure), and
    showing 0 but hiding 1 to 4 lets a reader tell "none" from "a few". Pass
    ``show_zero=True`` only for counts that are zero by design (e.g. a category not asked).
    Totals are not protected here: a report must not print a total that lets a reader work
    a suppressed cell back out.
    """
    if count < 0:
        raise ValueError(f"a count cannot be negative: {count}")
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1: {threshold}")
    if count >= threshold or (count == 0 and show_zero):
        return str(count)
    return f"<{threshold}"


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none: 28/02, the earlier, for privacy
        return day.replace(year=day.year + years, day=28)


def inactive_since(last_activity: date | None, today: date, years: int) -> bool:
    """Whether someone has had no activity for at least ``years`` whole years, for a
    retention review.

    Last active 01/05/2023: inactive for 3 years from 01/05/2026, not on 30/04/2026. A last
    activity on 29/02 is reached on 28/02. None (nothing recorded) counts as inactive, so pass
    the latest of the person's created, updated, attended and certificate dates; the review
    lists people for a person to decide on, it never deletes on its own.
    """
    if years < 0:
        raise ValueError(f"years cannot be negative: {years}")
    if last_activity is None:
        return True
    return today >= _years_after(last_activity, years)


#: Age bands for equality monitoring: ten-year bands across working age.
AGE_BANDS: tuple[str, ...] = (
    "Under 25",
    "25-34",
    "35-44",
    "45-54",
    "55-64",
    "65 and over",
    PREFER_NOT_TO_SAY,
)


def age_band(age: int) -> str:
    """The band for an age in whole years (an age is never stored, only its band)."""
    if age < 0:
        raise ValueError(f"age cannot be negative: {age}")
    if age < 25:
        return AGE_BANDS[0]
    if age >= 65:
        return AGE_BANDS[5]
    return AGE_BANDS[(age - 15) // 10]


# Equality questions follow the 2021 Census of England and Wales (ONS) wording, so reports
# can be set beside NHS workforce and population figures.
SEXES: tuple[str, ...] = ("Female", "Male", PREFER_NOT_TO_SAY)

#: "Is the gender you identify with the same as your sex registered at birth?"
GENDER_SAME_AS_SEX_AT_BIRTH: tuple[str, ...] = ("Yes", "No", PREFER_NOT_TO_SAY)

#: ONS 2021 ethnic groups (England and Wales) with their categories, in census order.
ETHNIC_GROUPS: dict[str, tuple[str, ...]] = {
    "Asian, Asian British or Asian Welsh": (
        "Bangladeshi",
        "Chinese",
        "Indian",
        "Pakistani",
        "Other Asian",
    ),
    "Black, Black British, Black Welsh, Caribbean or African": (
        "African",
        "Caribbean",
        "Other Black",
    ),
    "Mixed or Multiple ethnic groups": (
        "White and Asian",
        "White and Black African",
        "White and Black Caribbean",
        "Other Mixed or Multiple ethnic groups",
    ),
    "White": (
        "English, Welsh, Scottish, Northern Irish or British",
        "Irish",
        "Gypsy or Irish Traveller",
        "Roma",
        "Other White",
    ),
    "Other ethnic group": ("Arab", "Any other ethnic group"),
}

#: The 19 categories as stored and offered ("Group: category", since "Other" recurs), then
#: "Prefer not to say".
ETHNICITIES: tuple[str, ...] = (
    *(f"{group}: {item}" for group, items in ETHNIC_GROUPS.items() for item in items),
    PREFER_NOT_TO_SAY,
)


def ethnic_group(ethnicity: str) -> str:
    """The five-group heading for a stored ethnicity; reports use these, because 19
    categories of a cohort of thirty would be mostly "<5"."""
    group, sep, _ = ethnicity.partition(": ")
    if ethnicity == PREFER_NOT_TO_SAY:
        return PREFER_NOT_TO_SAY
    if not sep or group not in ETHNIC_GROUPS or ethnicity not in ETHNICITIES:
        raise ValueError(f"not an ethnicity from the list: {ethnicity!r}")
    return group


#: Equality Act 2010 sense: "Do you consider yourself to have a disability?"
DISABILITY: tuple[str, ...] = ("Yes", "No", PREFER_NOT_TO_SAY)

SEXUAL_ORIENTATIONS: tuple[str, ...] = (
    "Straight or heterosexual",
    "Gay or lesbian",
    "Bisexual",
    "Other sexual orientation",
    PREFER_NOT_TO_SAY,
)

RELIGIONS: tuple[str, ...] = (
    "No religion",
    "Christian",
    "Buddhist",
    "Hindu",
    "Jewish",
    "Muslim",
    "Sikh",
    "Any other religion",
    PREFER_NOT_TO_SAY,
)

#: Every equality question by field name (as on EqualityRecord), with its answers.
EQUALITY_ANSWERS: dict[str, tuple[str, ...]] = {
    "age_band": AGE_BANDS,
    "sex": SEXES,
    "gender_identity": GENDER_SAME_AS_SEX_AT_BIRTH,
    "ethnicity": ETHNICITIES,
    "disability": DISABILITY,
    "sexual_orientation": SEXUAL_ORIENTATIONS,
    "religion": RELIGIONS,
}


def is_valid_answer(question: str, answer: str | None) -> bool:
    """Whether ``answer`` is allowed for ``question``; not answered (None or "", as the
    database stores it) always is."""
    if question not in EQUALITY_ANSWERS:
        raise ValueError(f"unknown equality question: {question!r}")
    return not answer or answer in EQUALITY_ANSWERS[question]
