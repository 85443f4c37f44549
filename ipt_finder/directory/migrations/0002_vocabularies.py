"""Seed the controlled vocabularies. Curators may add to them in the admin."""

from django.db import migrations

from ipt_finder.directory.choices import USState

CONDITIONS = [
    ("depression", "Depression"),
    ("postpartum-depression", "Perinatal and postpartum depression"),
    ("anxiety", "Anxiety"),
    ("social-anxiety", "Social anxiety"),
    ("bipolar", "Bipolar disorder"),
    ("ptsd", "PTSD and trauma"),
    ("grief", "Grief and bereavement"),
    ("eating-disorders", "Eating disorders (bulimia, binge eating)"),
    ("relationship-problems", "Relationship problems"),
    ("life-transitions", "Life transitions"),
    ("dysthymia", "Persistent depressive disorder"),
    ("substance-use", "Substance use (alongside other care)"),
]

AGE_GROUPS = [
    ("children", "Children (6-12)", 6),
    ("adolescents", "Adolescents (13-17)", 13),
    ("young-adults", "Young adults (18-25)", 18),
    ("adults", "Adults (26-64)", 26),
    ("older-adults", "Older adults (65+)", 65),
]

ADAPTATIONS = [
    ("ipt-a", "IPT-A (adolescents)", "IPT adapted for adolescents, often with a parent involved."),
    ("perinatal", "Perinatal IPT", "For pregnancy and the months after birth."),
    ("group", "Group IPT", "IPT delivered to a small group."),
    ("ipt-ptsd", "IPT for PTSD", "IPT adapted for post-traumatic stress."),
    ("ipc", "Interpersonal Counselling (IPC)", "A briefer form of IPT for primary care."),
    ("ipsrt", "IPSRT", "Interpersonal and Social Rhythm Therapy, for bipolar disorder."),
    ("eating-disorders", "IPT for eating disorders", "For bulimia and binge eating."),
    ("older-adults", "IPT for older adults", "IPT adapted for later life."),
    ("remote", "Telephone or video IPT", "IPT delivered by telephone or video."),
    ("maintenance", "Maintenance IPT (IPT-M)", "Continuing sessions to prevent relapse."),
]

COMMUNITIES = [
    ("lgbtq", "LGBTQ+"),
    ("trans-nonbinary", "Trans and non-binary people"),
    ("bipoc", "Black, Indigenous and people of colour"),
    ("black", "Black communities"),
    ("latinx", "Latino/a/x communities"),
    ("asian-american", "Asian American and Pacific Islander communities"),
    ("indigenous", "Indigenous communities"),
    ("immigrants-refugees", "Immigrants and refugees"),
    ("veterans", "Veterans and military families"),
    ("faith", "Faith communities"),
    ("disability", "People with disabilities"),
    ("neurodivergent", "Neurodivergent people"),
    ("new-parents", "New and expecting parents"),
    ("students", "College students"),
]

TRAITS = [
    ("communication", "direct", "Direct"),
    ("communication", "gentle", "Gentle"),
    ("communication", "structured", "Structured"),
    ("communication", "flexible", "Flexible"),
    ("communication", "collaborative", "Collaborative"),
    ("personality", "warm", "Warm"),
    ("personality", "calm", "Calm"),
    ("personality", "pragmatic", "Pragmatic"),
    ("personality", "reflective", "Reflective"),
    ("personality", "humorous", "Uses humour"),
    ("values", "faith-integrated", "Faith-integrated on request"),
    ("values", "secular", "Secular"),
    ("values", "culturally-grounded", "Culturally grounded"),
    ("values", "family-centred", "Family-centred"),
    ("values", "social-justice", "Social-justice oriented"),
    ("values", "feminist", "Feminist"),
]

ETHNICITIES = [
    ("american-indian", "American Indian or Alaska Native"),
    ("asian", "Asian"),
    ("black", "Black or African American"),
    ("hispanic-latino", "Hispanic or Latino/a/x"),
    ("middle-eastern", "Middle Eastern or North African"),
    ("pacific-islander", "Native Hawaiian or Pacific Islander"),
    ("white", "White"),
    ("multiracial", "Multiracial"),
]

PAYMENT_METHODS = [
    ("card", "Credit or debit card"),
    ("hsa-fsa", "HSA or FSA card"),
    ("cash", "Cash"),
    ("check", "Check"),
    ("bank-transfer", "Bank transfer"),
]

LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("zh", "Chinese"),
    ("vi", "Vietnamese"),
    ("tl", "Tagalog"),
    ("ar", "Arabic"),
    ("fr", "French"),
    ("ko", "Korean"),
    ("ru", "Russian"),
    ("pt", "Portuguese"),
    ("ht", "Haitian Creole"),
    ("hi", "Hindi"),
    ("de", "German"),
    ("pl", "Polish"),
    ("it", "Italian"),
    ("ja", "Japanese"),
    ("fa", "Persian"),
    ("ur", "Urdu"),
    ("he", "Hebrew"),
    ("so", "Somali"),
    ("am", "Amharic"),
    ("bn", "Bengali"),
    ("ase", "American Sign Language"),
]


def seed(apps, schema_editor):
    def vocabulary(model_name, rows, *extra_fields):
        model = apps.get_model("directory", model_name)
        for position, (slug, name, *extra) in enumerate(rows):
            defaults = {"name": name, "position": position, **dict(zip(extra_fields, extra, strict=True))}
            model.objects.update_or_create(slug=slug, defaults=defaults)

    vocabulary("Condition", CONDITIONS)
    vocabulary("AgeGroup", AGE_GROUPS, "min_age")
    vocabulary("Adaptation", ADAPTATIONS, "description")
    vocabulary("Community", COMMUNITIES)
    vocabulary("Ethnicity", ETHNICITIES)
    vocabulary("PaymentMethod", PAYMENT_METHODS)
    Trait = apps.get_model("directory", "Trait")
    for position, (kind, slug, name) in enumerate(TRAITS):
        Trait.objects.update_or_create(
            slug=slug, defaults={"kind": kind, "name": name, "position": position}
        )
    Language = apps.get_model("directory", "Language")
    for code, name in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name})
    State = apps.get_model("directory", "State")
    for code, name in USState.choices:
        State.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
