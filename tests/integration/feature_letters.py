"""A feature's own e-mail template, registered when this module is imported, as intake's
decision letters are: tests name it in built_ins.FEATURE_TEMPLATES (mail_data.feature_letters)
and never import it themselves."""

from cohort_desk.services.communications import BuiltIn, register_built_in

OFFER = BuiltIn(
    "offer-test",
    "An offer of a place",
    "A place on {{ cohort.programme }}",
    "Dear {{ given_name }}, you are number {{ offer.rank }}. Reply by {{ reply_by }}.\n",
    sample={"offer": {"rank": 1}, "reply_by": "1 March 2027"},
    written_from="the Applications screen",
)
register_built_in(OFFER)
