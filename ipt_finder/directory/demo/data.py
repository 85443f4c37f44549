"""The demo's hand-written tables: metros, issuing bodies, insurers, organisations, names and phrases."""

import importlib
from dataclasses import dataclass

from ipt_finder.directory.choices import (
    CostPolicy,
    Gender,
    IPTBody,
    IPTLevel,
    LicenceType,
    MaintenanceFrequency,
    Medication,
    OrganisationKind,
    Profession,
    Status,
    Verification,
)

PUBLISHED_PER_METRO = 12
TELEHEALTH_ONLY = 14
UNPUBLISHED = [Status.DRAFT] * 2 + [Status.PENDING] * 2 + [Status.SUSPENDED] * 2

_vocabularies = importlib.import_module("ipt_finder.directory.migrations.0002_vocabularies")
# The rows migration 0002 seeds: the only vocabulary the fixture may refer to.
VOCABULARY = {
    "conditions": [row[0] for row in _vocabularies.CONDITIONS],
    "age_groups": [row[0] for row in _vocabularies.AGE_GROUPS],
    "adaptations": [row[0] for row in _vocabularies.ADAPTATIONS],
    "communities": [row[0] for row in _vocabularies.COMMUNITIES],
    "traits": [row[1] for row in _vocabularies.TRAITS],
    "ethnicities": [row[0] for row in _vocabularies.ETHNICITIES],
    "payment_methods": [row[0] for row in _vocabularies.PAYMENT_METHODS],
    "languages": [row[0] for row in _vocabularies.LANGUAGES],
}
TRAIT_KINDS = {slug: kind for kind, slug, _ in _vocabularies.TRAITS}
LANGUAGE_NAMES = dict(_vocabularies.LANGUAGES)


# Data tables are laid out by hand.
# fmt: off

# ---------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Office:
    postal_code: str
    neighbourhood: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Metro:
    city: str
    state: str
    area_code: str
    cost: float  # multiplier on fees
    offices: tuple
    streets: tuple
    heritage: dict  # extra weight for name heritages


METROS = (
    Metro(
        "New York", "NY", "212", 1.25,
        (
            Office("10025", "Upper West Side", 40.7975, -73.9683),
            Office("10003", "Union Square", 40.7313, -73.9892),
            Office("10001", "Chelsea", 40.7484, -73.9967),
        ),
        ("Broadway", "West 72nd Street", "East 23rd Street", "Park Avenue South",
         "West 14th Street", "Amsterdam Avenue", "Lexington Avenue"),
        {"hispanic": 10, "chinese": 4, "russian": 4, "jewish": 6, "haitian": 3, "black": 6,
         "bangladeshi": 3, "pakistani": 2, "west_african": 2},
    ),
    Metro(
        "Los Angeles", "CA", "323", 1.15,
        (
            Office("90036", "Mid-Wilshire", 34.0699, -118.3492),
            Office("90027", "Los Feliz", 34.1040, -118.2925),
            Office("90025", "West Los Angeles", 34.0447, -118.4487),
        ),
        ("Wilshire Boulevard", "Beverly Boulevard", "Vermont Avenue", "Santa Monica Boulevard",
         "Fairfax Avenue", "Hillhurst Avenue"),
        {"hispanic": 20, "korean": 6, "iranian": 5, "filipino": 3, "japanese": 2, "chinese": 3},
    ),
    Metro(
        "Chicago", "IL", "773", 1.05,
        (
            Office("60614", "Lincoln Park", 41.9229, -87.6483),
            Office("60657", "Lakeview", 41.9399, -87.6528),
            Office("60607", "West Loop", 41.8721, -87.6578),
        ),
        ("North Clark Street", "West Belmont Avenue", "North Lincoln Avenue",
         "West Randolph Street", "North Halsted Street", "West Fullerton Avenue"),
        {"polish": 5, "hispanic": 10, "black": 8, "indian": 3, "arab": 2},
    ),
    Metro(
        "Houston", "TX", "713", 0.95,
        (
            Office("77006", "Montrose", 29.7409, -95.3923),
            Office("77004", "Third Ward", 29.7247, -95.3625),
            Office("77098", "Upper Kirby", 29.7350, -95.4118),
        ),
        ("Westheimer Road", "Montrose Boulevard", "Richmond Avenue", "Main Street",
         "Kirby Drive", "Almeda Road"),
        {"hispanic": 15, "vietnamese": 6, "black": 6, "indian": 3, "west_african": 3,
         "pakistani": 2},
    ),
    Metro(
        "Phoenix", "AZ", "602", 0.95,
        (
            Office("85004", "Downtown Phoenix", 33.4557, -112.0686),
            Office("85016", "Biltmore", 33.5021, -112.0305),
            Office("85014", "North Central", 33.5103, -112.0556),
        ),
        ("North Central Avenue", "East Camelback Road", "North 7th Street",
         "East Indian School Road", "North 16th Street"),
        {"hispanic": 14, "native": 5},
    ),
    Metro(
        "Philadelphia", "PA", "215", 1.05,
        (
            Office("19103", "Rittenhouse", 39.9513, -75.1741),
            Office("19107", "Washington Square West", 39.9487, -75.1593),
            Office("19130", "Fairmount", 39.9677, -75.1735),
        ),
        ("Walnut Street", "Chestnut Street", "Spruce Street", "South Broad Street",
         "Fairmount Avenue", "Arch Street"),
        {"black": 10, "italian": 5, "jewish": 3, "chinese": 2},
    ),
    Metro(
        "Seattle", "WA", "206", 1.1,
        (
            Office("98103", "Wallingford", 47.6733, -122.3426),
            Office("98122", "Capitol Hill", 47.6116, -122.3056),
            Office("98105", "University District", 47.6633, -122.3022),
        ),
        ("Stone Way North", "East Pine Street", "University Way NE", "North 45th Street",
         "Broadway East", "Fremont Avenue North"),
        {"vietnamese": 4, "chinese": 4, "japanese": 3, "filipino": 3, "ethiopian": 2,
         "somali": 2, "korean": 2},
    ),
    Metro(
        "Boston", "MA", "617", 1.15,
        (
            Office("02116", "Back Bay", 42.3492, -71.0768),
            Office("02115", "Fenway", 42.3427, -71.0922),
            Office("02130", "Jamaica Plain", 42.3126, -71.1115),
        ),
        ("Boylston Street", "Newbury Street", "Commonwealth Avenue", "Huntington Avenue",
         "Centre Street", "Tremont Street"),
        {"haitian": 10, "brazilian": 5, "chinese": 2, "jewish": 3, "italian": 2, "hispanic": 4},
    ),
    Metro(
        "Atlanta", "GA", "404", 1.0,
        (
            Office("30309", "Midtown", 33.7984, -84.3883),
            Office("30307", "Little Five Points", 33.7691, -84.3360),
            Office("30308", "Old Fourth Ward", 33.7718, -84.3757),
        ),
        ("Peachtree Street NE", "Ponce de Leon Avenue NE", "West Peachtree Street NW",
         "Euclid Avenue NE", "North Highland Avenue NE", "Spring Street NW"),
        {"black": 18, "korean": 2, "hispanic": 4, "indian": 2, "ethiopian": 1},
    ),
    Metro(
        "Denver", "CO", "303", 1.0,
        (
            Office("80203", "Capitol Hill", 39.7313, -104.9811),
            Office("80206", "Cherry Creek", 39.7331, -104.9524),
            Office("80218", "Uptown", 39.7327, -104.9717),
        ),
        ("East Colfax Avenue", "Grant Street", "East 17th Avenue", "Pearl Street",
         "York Street", "Logan Street"),
        {"hispanic": 10, "ethiopian": 1},
    ),
    Metro(
        "Miami", "FL", "305", 1.05,
        (
            Office("33131", "Brickell", 25.7629, -80.1895),
            Office("33133", "Coconut Grove", 25.7378, -80.2248),
            Office("33137", "Edgewater", 25.8156, -80.1897),
        ),
        ("Brickell Avenue", "Biscayne Boulevard", "South Dixie Highway", "NE 2nd Avenue",
         "Coral Way", "SW 8th Street"),
        {"hispanic": 30, "haitian": 20, "brazilian": 4, "jewish": 3},
    ),
    Metro(
        "Minneapolis", "MN", "612", 1.0,
        (
            Office("55403", "Loring Park", 44.9673, -93.2828),
            Office("55408", "Uptown", 44.9466, -93.2862),
            Office("55414", "Dinkytown", 44.9779, -93.2199),
        ),
        ("Hennepin Avenue", "Lyndale Avenue South", "Nicollet Avenue", "University Avenue SE",
         "West Lake Street", "West 26th Street"),
        {"somali": 18, "vietnamese": 3, "hispanic": 3, "black": 3, "ethiopian": 2, "native": 2},
    ),
    Metro(
        "Portland", "OR", "503", 1.0,
        (
            Office("97205", "Downtown Portland", 45.5207, -122.6888),
            Office("97214", "Buckman", 45.5142, -122.6364),
            Office("97212", "Irvington", 45.5441, -122.6423),
        ),
        ("SW Broadway", "SE Hawthorne Boulevard", "NE Broadway", "SE Belmont Street",
         "NW 23rd Avenue", "SE Division Street"),
        {"vietnamese": 3, "hispanic": 4, "russian": 3},
    ),
    Metro(
        "Washington", "DC", "202", 1.15,
        (
            Office("20009", "Dupont Circle", 38.9202, -77.0375),
            Office("20036", "Farragut", 38.9087, -77.0414),
            Office("20003", "Capitol Hill", 38.8829, -76.9895),
        ),
        ("Connecticut Avenue NW", "Massachusetts Avenue NW", "14th Street NW",
         "Pennsylvania Avenue SE", "18th Street NW", "P Street NW"),
        {"black": 14, "ethiopian": 6, "hispanic": 5, "arab": 2, "west_african": 2},
    ),
    Metro(
        "Albuquerque", "NM", "505", 0.9,
        (
            Office("87106", "Nob Hill", 35.0790, -106.6169),
            Office("87102", "Downtown Albuquerque", 35.0818, -106.6482),
            Office("87110", "Uptown", 35.1104, -106.5781),
        ),
        ("Central Avenue NE", "Girard Boulevard NE", "Lomas Boulevard NE",
         "Carlisle Boulevard NE", "Montgomery Boulevard NE"),
        {"hispanic": 25, "native": 10},
    ),
    Metro(
        "Baltimore", "MD", "410", 1.0,
        (
            Office("21201", "Mount Vernon", 39.2946, -76.6252),
            Office("21218", "Charles Village", 39.3265, -76.6048),
            Office("21231", "Fells Point", 39.2892, -76.5900),
        ),
        ("North Charles Street", "St. Paul Street", "West Cold Spring Lane", "Eastern Avenue",
         "North Calvert Street"),
        {"black": 16, "west_african": 2, "korean": 1},
    ),
    Metro(
        "San Francisco", "CA", "415", 1.25,
        (
            Office("94110", "Mission District", 37.7509, -122.4153),
            Office("94115", "Pacific Heights", 37.7856, -122.4358),
            Office("94117", "Haight-Ashbury", 37.7712, -122.4413),
        ),
        ("Valencia Street", "Mission Street", "Fillmore Street", "Divisadero Street",
         "Market Street", "California Street"),
        {"chinese": 10, "filipino": 6, "hispanic": 8, "japanese": 2, "vietnamese": 2,
         "russian": 2},
    ),
)
METRO_BY_CITY = {metro.city: metro for metro in METROS}

# States whose boards are in the fixture but with no metro: telehealth-only homes.
AREA_CODES = {metro.state: metro.area_code for metro in METROS} | {
    "NJ": "201", "CT": "860", "VA": "804", "VT": "802",
}
NEIGHBOURS = {
    "NY": ["NJ", "CT"], "AZ": ["NM"], "PA": ["NJ"], "WA": ["OR"], "MA": ["CT", "VT"],
    "GA": ["FL"], "CO": ["NM"], "FL": ["GA"], "OR": ["WA"], "DC": ["MD", "VA"],
    "NM": ["AZ", "CO"], "MD": ["DC", "VA"],
}
TELEHEALTH_HOMES = ["VT", "VA", "NJ", "CT", "NY", "CA", "TX", "WA", "CO", "MA", "MN", "PA"]
PSYPACT_STATES = [
    "AL", "AZ", "AR", "CO", "DE", "DC", "GA", "ID", "IL", "IN", "KS", "KY", "ME", "MD", "MN",
    "MO", "NE", "NV", "NH", "NJ", "NC", "OH", "OK", "PA", "RI", "SC", "TN", "TX", "UT", "VA",
    "WA", "WV", "WI", "WY",
]


# ---------------------------------------------------------------------------
# Issuing bodies: state boards, national certifiers and universities
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Body:
    slug: str
    name: str
    kind: str
    jurisdiction: str = ""
    url: str = ""
    covers: str = ""  # licence types a state board issues, or programmes a university runs
    accredited: bool = True


BOARD, CERTIFIER, INSTITUTION, TRAINER = (
    "state_board", "certifying_body", "institution", "training_provider",
)
ALL_LICENCES = "psychologist lcsw licsw lpc lpcc lmhc lmft md do pmhnp"
DCA = "https://search.dca.ca.gov/"

STATE_BOARDS = (
    Body("ny-office-of-the-professions", "New York State Office of the Professions", BOARD,
         "NY", "https://eservices.nysed.gov/professions/verification-search", ALL_LICENCES),
    Body("ca-board-of-behavioral-sciences", "California Board of Behavioral Sciences", BOARD,
         "CA", DCA, "lcsw lpcc lmft"),
    Body("ca-board-of-psychology", "California Board of Psychology", BOARD, "CA", DCA,
         "psychologist"),
    Body("medical-board-of-california", "Medical Board of California", BOARD, "CA", DCA, "md"),
    Body("osteopathic-medical-board-of-california", "Osteopathic Medical Board of California",
         BOARD, "CA", DCA, "do"),
    Body("ca-board-of-registered-nursing", "California Board of Registered Nursing", BOARD,
         "CA", DCA, "pmhnp"),
    Body("tx-behavioral-health-executive-council", "Texas Behavioral Health Executive Council",
         BOARD, "TX", "https://bhec.texas.gov/verify-a-license/", "psychologist lcsw lpc lmft"),
    Body("texas-medical-board", "Texas Medical Board", BOARD, "TX",
         "https://profile.tmb.state.tx.us/", "md do"),
    Body("texas-board-of-nursing", "Texas Board of Nursing", BOARD, "TX",
         "https://www.bon.texas.gov/licensure_verification.asp", "pmhnp"),
    Body("il-idfpr", "Illinois Department of Financial and Professional Regulation", BOARD,
         "IL", "https://online-dfpr.micropact.com/lookup/licenselookup.aspx", ALL_LICENCES),
    Body("az-board-of-behavioral-health-examiners", "Arizona Board of Behavioral Health Examiners",
         BOARD, "AZ", "https://www.azbbhe.us/", "lcsw lpc lmft"),
    Body("az-board-of-psychologist-examiners", "Arizona Board of Psychologist Examiners", BOARD,
         "AZ", "https://psychboard.az.gov/", "psychologist"),
    Body("arizona-medical-board", "Arizona Medical Board", BOARD, "AZ", "https://www.azmd.gov/",
         "md"),
    Body("az-board-of-osteopathic-examiners",
         "Arizona Board of Osteopathic Examiners in Medicine and Surgery", BOARD, "AZ",
         "https://www.azdo.gov/", "do"),
    Body("arizona-state-board-of-nursing", "Arizona State Board of Nursing", BOARD, "AZ",
         "https://www.azbn.gov/", "pmhnp"),
    Body("pa-bureau-of-professional-and-occupational-affairs",
         "Pennsylvania Bureau of Professional and Occupational Affairs", BOARD, "PA",
         "https://www.pals.pa.gov/#/page/search", ALL_LICENCES),
    Body("wa-department-of-health", "Washington State Department of Health", BOARD, "WA",
         "https://fortress.wa.gov/doh/providercredentialsearch/", ALL_LICENCES),
    Body("ma-board-of-social-workers", "Massachusetts Board of Registration of Social Workers",
         BOARD, "MA", "https://www.mass.gov/check-a-professional-license", "licsw"),
    Body("ma-board-of-allied-mental-health",
         "Massachusetts Board of Registration of Allied Mental Health and Human Services "
         "Professions", BOARD, "MA", "https://www.mass.gov/check-a-professional-license",
         "lmhc lmft"),
    Body("ma-board-of-psychologists", "Massachusetts Board of Registration of Psychologists",
         BOARD, "MA", "https://www.mass.gov/check-a-professional-license", "psychologist"),
    Body("ma-board-of-medicine", "Massachusetts Board of Registration in Medicine", BOARD, "MA",
         "https://findmydoctor.mass.gov/", "md do"),
    Body("ma-board-of-nursing", "Massachusetts Board of Registration in Nursing", BOARD, "MA",
         "https://www.mass.gov/check-a-professional-license", "pmhnp"),
    Body("ga-composite-board-counselors-social-workers-mft",
         "Georgia Composite Board of Professional Counselors, Social Workers, and Marriage and "
         "Family Therapists", BOARD, "GA", "https://verify.sos.ga.gov/verification/",
         "lcsw lpc lmft"),
    Body("ga-board-of-psychologists", "Georgia State Board of Examiners of Psychologists", BOARD,
         "GA", "https://verify.sos.ga.gov/verification/", "psychologist"),
    Body("georgia-composite-medical-board", "Georgia Composite Medical Board", BOARD, "GA",
         "https://medicalboard.georgia.gov/", "md do"),
    Body("georgia-board-of-nursing", "Georgia Board of Nursing", BOARD, "GA",
         "https://verify.sos.ga.gov/verification/", "pmhnp"),
    Body("co-division-of-professions-and-occupations",
         "Colorado Division of Professions and Occupations", BOARD, "CO",
         "https://apps2.colorado.gov/dora/licensing/Lookup/LicenseLookup.aspx", ALL_LICENCES),
    Body("fl-board-of-clinical-social-work-mft-mental-health-counseling",
         "Florida Board of Clinical Social Work, Marriage and Family Therapy and Mental Health "
         "Counseling", BOARD, "FL",
         "https://mqa-internet.doh.state.fl.us/MQASearchServices/HealthCareProviders",
         "lcsw lmft lmhc"),
    Body("florida-board-of-psychology", "Florida Board of Psychology", BOARD, "FL",
         "https://mqa-internet.doh.state.fl.us/MQASearchServices/HealthCareProviders",
         "psychologist"),
    Body("florida-board-of-medicine", "Florida Board of Medicine", BOARD, "FL",
         "https://mqa-internet.doh.state.fl.us/MQASearchServices/HealthCareProviders", "md"),
    Body("florida-board-of-osteopathic-medicine", "Florida Board of Osteopathic Medicine", BOARD,
         "FL", "https://mqa-internet.doh.state.fl.us/MQASearchServices/HealthCareProviders",
         "do"),
    Body("florida-board-of-nursing", "Florida Board of Nursing", BOARD, "FL",
         "https://mqa-internet.doh.state.fl.us/MQASearchServices/HealthCareProviders", "pmhnp"),
    Body("mn-board-of-social-work", "Minnesota Board of Social Work", BOARD, "MN",
         "https://mn.gov/boards/social-work/", "licsw"),
    Body("mn-board-of-behavioral-health-and-therapy",
         "Minnesota Board of Behavioral Health and Therapy", BOARD, "MN",
         "https://mn.gov/boards/behavioral-health/", "lpcc"),
    Body("mn-board-of-marriage-and-family-therapy", "Minnesota Board of Marriage and Family Therapy",
         BOARD, "MN", "https://mn.gov/boards/marriage-and-family/", "lmft"),
    Body("mn-board-of-psychology", "Minnesota Board of Psychology", BOARD, "MN",
         "https://mn.gov/boards/psychology/", "psychologist"),
    Body("mn-board-of-medical-practice", "Minnesota Board of Medical Practice", BOARD, "MN",
         "https://mn.gov/boards/medical-practice/", "md do"),
    Body("mn-board-of-nursing", "Minnesota Board of Nursing", BOARD, "MN",
         "https://mn.gov/boards/nursing/", "pmhnp"),
    Body("or-board-of-licensed-social-workers", "Oregon Board of Licensed Social Workers", BOARD,
         "OR", "https://www.oregon.gov/blsw/", "lcsw"),
    Body("or-board-of-licensed-professional-counselors-and-therapists",
         "Oregon Board of Licensed Professional Counselors and Therapists", BOARD, "OR",
         "https://www.oregon.gov/oblpct/", "lpc lmft"),
    Body("oregon-board-of-psychology", "Oregon Board of Psychology", BOARD, "OR",
         "https://www.oregon.gov/psychology/", "psychologist"),
    Body("oregon-medical-board", "Oregon Medical Board", BOARD, "OR",
         "https://omb.oregon.gov/search", "md do"),
    Body("oregon-state-board-of-nursing", "Oregon State Board of Nursing", BOARD, "OR",
         "https://osbn.oregon.gov/OSBNVerification/", "pmhnp"),
    Body("dc-health-professional-licensing",
         "District of Columbia Health Professional Licensing Administration", BOARD, "DC",
         "https://dchealth.dc.gov/service/verify-license", ALL_LICENCES),
    Body("nm-counseling-and-therapy-practice-board",
         "New Mexico Counseling and Therapy Practice Board", BOARD, "NM",
         "https://www.rld.nm.gov/boards-and-commissions/", "lpcc lmft"),
    Body("nm-board-of-social-work-examiners", "New Mexico Board of Social Work Examiners", BOARD,
         "NM", "https://www.rld.nm.gov/boards-and-commissions/", "lcsw"),
    Body("nm-board-of-psychologist-examiners", "New Mexico Board of Psychologist Examiners",
         BOARD, "NM", "https://www.rld.nm.gov/boards-and-commissions/", "psychologist"),
    Body("new-mexico-medical-board", "New Mexico Medical Board", BOARD, "NM",
         "https://www.nmmb.state.nm.us/", "md do"),
    Body("new-mexico-board-of-nursing", "New Mexico Board of Nursing", BOARD, "NM",
         "https://www.bon.nm.gov/", "pmhnp"),
    Body("md-board-of-social-work-examiners", "Maryland Board of Social Work Examiners", BOARD,
         "MD", "https://health.maryland.gov/bswe/", "lcsw"),
    Body("md-board-of-professional-counselors-and-therapists",
         "Maryland Board of Professional Counselors and Therapists", BOARD, "MD",
         "https://health.maryland.gov/bopc/", "lpc lmft"),
    Body("md-board-of-examiners-of-psychologists", "Maryland Board of Examiners of Psychologists",
         BOARD, "MD", "https://health.maryland.gov/psych/", "psychologist"),
    Body("maryland-board-of-physicians", "Maryland Board of Physicians", BOARD, "MD",
         "https://www.mbp.state.md.us/bpqapp/", "md do"),
    Body("maryland-board-of-nursing", "Maryland Board of Nursing", BOARD, "MD",
         "https://mbon.maryland.gov/", "pmhnp"),
    Body("nj-division-of-consumer-affairs", "New Jersey Division of Consumer Affairs", BOARD,
         "NJ", "https://newjersey.mylicense.com/verification/", ALL_LICENCES),
    Body("ct-department-of-public-health", "Connecticut Department of Public Health", BOARD,
         "CT", "https://www.elicense.ct.gov/Lookup/LicenseLookup.aspx", ALL_LICENCES),
    Body("va-department-of-health-professions", "Virginia Department of Health Professions",
         BOARD, "VA", "https://dhp.virginiainteractive.org/Lookup/Index", ALL_LICENCES),
    Body("vt-office-of-professional-regulation", "Vermont Office of Professional Regulation",
         BOARD, "VT", "https://sos.vermont.gov/opr/find-a-professional/",
         "psychologist licsw lmhc lmft pmhnp"),
    Body("vermont-board-of-medical-practice", "Vermont Board of Medical Practice", BOARD, "VT",
         "https://www.healthvermont.gov/systems/medical-practice-board", "md do"),
)

NATIONAL_BODIES = (
    Body("isipt", "International Society of Interpersonal Psychotherapy (ISIPT)", CERTIFIER,
         url="https://interpersonalpsychotherapy.org/"),
    Body("ipt-institute", "IPT Institute", TRAINER, url="https://iptinstitute.com/"),
    Body("ipt-uk", "IPT UK", CERTIFIER, url="https://iptuk.net/"),
    Body("ancc", "American Nurses Credentialing Center (ANCC)", CERTIFIER,
         url="https://www.nursingworld.org/certification/verification/"),
    Body("abpn", "American Board of Psychiatry and Neurology (ABPN)", CERTIFIER,
         url="https://www.abpn.org/verify-certification/"),
    Body("abpp", "American Board of Professional Psychology (ABPP)", CERTIFIER,
         url="https://abpp.org/directory/"),
    Body("nbcc", "National Board for Certified Counselors (NBCC)", CERTIFIER,
         url="https://www.nbcc.org/search/counselorfind"),
    Body("aamft", "American Association for Marriage and Family Therapy (AAMFT)", CERTIFIER,
         url="https://www.aamft.org/"),
    Body("psypact", "PSYPACT Commission", CERTIFIER, url="https://psypact.org/page/directory"),
    Body("postpartum-support-international", "Postpartum Support International", CERTIFIER,
         url="https://www.postpartum.net/professionals/certification/"),
    Body("holistic-life-coaching-academy", "Holistic Life Coaching Academy", TRAINER,
         accredited=False),
)

CLEARINGHOUSE = "https://www.studentclearinghouse.org/verifiers/"
# covers: S social work, P psychology, C counselling, F family therapy, M medicine,
# O osteopathic medicine, N psychiatric nursing.
UNIVERSITIES = (
    Body("columbia-university", "Columbia University", INSTITUTION, "NY", CLEARINGHOUSE, "SPMN"),
    Body("new-york-university", "New York University", INSTITUTION, "NY", CLEARINGHOUSE, "SPCMN"),
    Body("touro-college-of-osteopathic-medicine", "Touro College of Osteopathic Medicine",
         INSTITUTION, "NY", CLEARINGHOUSE, "O"),
    Body("ucla", "University of California, Los Angeles", INSTITUTION, "CA", CLEARINGHOUSE,
         "SPMN"),
    Body("university-of-southern-california", "University of Southern California", INSTITUTION,
         "CA", CLEARINGHOUSE, "SPCFM"),
    Body("alliant-international-university", "Alliant International University", INSTITUTION,
         "CA", CLEARINGHOUSE, "PF"),
    Body("ucsf", "University of California, San Francisco", INSTITUTION, "CA", CLEARINGHOUSE,
         "MN"),
    Body("san-francisco-state-university", "San Francisco State University", INSTITUTION, "CA",
         CLEARINGHOUSE, "SCF"),
    Body("university-of-chicago", "University of Chicago", INSTITUTION, "IL", CLEARINGHOUSE,
         "SPM"),
    Body("loyola-university-chicago", "Loyola University Chicago", INSTITUTION, "IL",
         CLEARINGHOUSE, "SPCN"),
    Body("university-of-houston", "University of Houston", INSTITUTION, "TX", CLEARINGHOUSE,
         "SPC"),
    Body("ut-austin", "The University of Texas at Austin", INSTITUTION, "TX", CLEARINGHOUSE,
         "SPCMN"),
    Body("arizona-state-university", "Arizona State University", INSTITUTION, "AZ",
         CLEARINGHOUSE, "SPCFN"),
    Body("at-still-university", "A.T. Still University", INSTITUTION, "AZ", CLEARINGHOUSE, "O"),
    Body("university-of-pennsylvania", "University of Pennsylvania", INSTITUTION, "PA",
         CLEARINGHOUSE, "SPMN"),
    Body("temple-university", "Temple University", INSTITUTION, "PA", CLEARINGHOUSE, "SPCM"),
    Body("university-of-pittsburgh", "University of Pittsburgh", INSTITUTION, "PA",
         CLEARINGHOUSE, "SPMN"),
    Body("philadelphia-college-of-osteopathic-medicine",
         "Philadelphia College of Osteopathic Medicine", INSTITUTION, "PA", CLEARINGHOUSE,
         "OP"),
    Body("university-of-washington", "University of Washington", INSTITUTION, "WA",
         CLEARINGHOUSE, "SPMN"),
    Body("boston-university", "Boston University", INSTITUTION, "MA", CLEARINGHOUSE, "SPCM"),
    Body("simmons-university", "Simmons University", INSTITUTION, "MA", CLEARINGHOUSE, "SN"),
    Body("smith-college-school-for-social-work", "Smith College School for Social Work",
         INSTITUTION, "MA", CLEARINGHOUSE, "S"),
    Body("emory-university", "Emory University", INSTITUTION, "GA", CLEARINGHOUSE, "PMN"),
    Body("georgia-state-university", "Georgia State University", INSTITUTION, "GA",
         CLEARINGHOUSE, "SPC"),
    Body("university-of-denver", "University of Denver", INSTITUTION, "CO", CLEARINGHOUSE,
         "SPCF"),
    Body("rocky-vista-university", "Rocky Vista University", INSTITUTION, "CO", CLEARINGHOUSE,
         "O"),
    Body("florida-international-university", "Florida International University", INSTITUTION,
         "FL", CLEARINGHOUSE, "SCFN"),
    Body("university-of-miami", "University of Miami", INSTITUTION, "FL", CLEARINGHOUSE, "PM"),
    Body("university-of-minnesota", "University of Minnesota", INSTITUTION, "MN", CLEARINGHOUSE,
         "SPCFMN"),
    Body("portland-state-university", "Portland State University", INSTITUTION, "OR",
         CLEARINGHOUSE, "SC"),
    Body("oregon-health-and-science-university", "Oregon Health & Science University",
         INSTITUTION, "OR", CLEARINGHOUSE, "MN"),
    Body("howard-university", "Howard University", INSTITUTION, "DC", CLEARINGHOUSE, "SPCM"),
    Body("george-washington-university", "George Washington University", INSTITUTION, "DC",
         CLEARINGHOUSE, "PCMN"),
    Body("university-of-new-mexico", "University of New Mexico", INSTITUTION, "NM",
         CLEARINGHOUSE, "SPCMN"),
    Body("johns-hopkins-university", "Johns Hopkins University", INSTITUTION, "MD",
         CLEARINGHOUSE, "CMN"),
    Body("university-of-maryland-baltimore", "University of Maryland, Baltimore", INSTITUTION,
         "MD", CLEARINGHOUSE, "SMN"),
    Body("university-of-michigan", "University of Michigan", INSTITUTION, "MI", CLEARINGHOUSE,
         "SPMN"),
    Body("yale-university", "Yale University", INSTITUTION, "CT", CLEARINGHOUSE, "PMN"),
)
ISSUING_BODIES = STATE_BOARDS + NATIONAL_BODIES + UNIVERSITIES
BODY_BY_SLUG = {body.slug: body for body in ISSUING_BODIES}


# ---------------------------------------------------------------------------
# Insurers and plans. A plan limited to some states is only offered there.
# ---------------------------------------------------------------------------

KAISER_STATES = ("CA", "CO", "GA", "MD", "DC", "VA", "WA", "OR")
TRICARE_WEST = ("AZ", "CA", "CO", "MN", "NM", "OR", "TX", "WA")
MEDICAID_PLANS = (
    ("medi-cal", "Medi-Cal", "CA"),
    ("ny-medicaid-managed-care", "New York Medicaid Managed Care", "NY"),
    ("texas-star", "Texas STAR", "TX"),
    ("healthchoice-illinois", "HealthChoice Illinois", "IL"),
    ("ahcccs", "AHCCCS (Arizona)", "AZ"),
    ("pa-healthchoices", "Pennsylvania HealthChoices", "PA"),
    ("apple-health", "Apple Health (Washington)", "WA"),
    ("masshealth", "MassHealth", "MA"),
    ("georgia-medicaid", "Georgia Medicaid", "GA"),
    ("health-first-colorado", "Health First Colorado", "CO"),
    ("florida-smmc", "Florida Medicaid (SMMC)", "FL"),
    ("mn-medical-assistance", "Minnesota Medical Assistance", "MN"),
    ("oregon-health-plan", "Oregon Health Plan", "OR"),
    ("dc-medicaid", "DC Medicaid", "DC"),
    ("turquoise-care", "Turquoise Care (New Mexico)", "NM"),
    ("maryland-healthchoice", "Maryland HealthChoice", "MD"),
    ("nj-familycare", "NJ FamilyCare", "NJ"),
    ("husky-health", "HUSKY Health (Connecticut)", "CT"),
    ("cardinal-care", "Cardinal Care (Virginia)", "VA"),
    ("green-mountain-care", "Green Mountain Care (Vermont)", "VT"),
)
INSURERS = (
    ("aetna", "Aetna", (
        ("choice-pos-ii", "Choice POS II", None),
        ("open-access-managed-choice", "Open Access Managed Choice", None),
        ("medicare-advantage", "Medicare Advantage", None),
    )),
    ("blue-cross-blue-shield", "Blue Cross Blue Shield", (
        ("ppo", "PPO", None),
        ("blue-choice-hmo", "Blue Choice HMO", None),
        ("federal-employee-program", "Federal Employee Program", None),
    )),
    ("cigna", "Cigna Healthcare", (
        ("open-access-plus", "Open Access Plus", None),
        ("localplus", "LocalPlus", None),
        ("ppo", "PPO", None),
    )),
    ("unitedhealthcare", "UnitedHealthcare / Optum", (
        ("choice-plus", "Choice Plus", None),
        ("options-ppo", "Options PPO", None),
        ("community-plan", "Community Plan", None),
    )),
    ("kaiser-permanente", "Kaiser Permanente", (("hmo", "HMO", KAISER_STATES),)),
    ("medicaid", "Medicaid", tuple((slug, name, (state,)) for slug, name, state in MEDICAID_PLANS)),
    ("medicare", "Medicare", (("original-medicare", "Original Medicare (Part B)", None),)),
    ("tricare", "TRICARE", (
        ("east", "TRICARE East", "east"),
        ("west", "TRICARE West", TRICARE_WEST),
    )),
    ("humana", "Humana", (("medicare-advantage-ppo", "Medicare Advantage PPO", None),)),
    ("oscar", "Oscar Health", (("epo", "EPO", None),)),
)


def plan_states(states):
    """Normalise a plan's state limit: None for nationwide."""
    if states == "east":
        return None, TRICARE_WEST  # everywhere but the West region
    return states, ()


# ---------------------------------------------------------------------------
# Organisations (fictional names; real cities)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    slug: str
    name: str
    kind: str
    cost_policy: str
    city: str
    street: str
    office: int  # index into the metro's offices
    cost_details: str = ""


GROUP, CMHC, CLINIC = (
    OrganisationKind.GROUP_PRACTICE, OrganisationKind.COMMUNITY_CENTRE,
    OrganisationKind.TRAINING_CLINIC,
)
ORGANISATIONS = (
    Org("hudson-street-counseling-collective", "Hudson Street Counseling Collective", GROUP,
        CostPolicy.STANDARD, "New York", "212 West 14th Street, 5th Floor", 2),
    Org("riverside-community-mental-health-center", "Riverside Community Mental Health Center",
        CMHC, CostPolicy.FREE, "New York", "2450 Broadway, Suite 300", 0,
        "Free IPT for adults in Manhattan with household income under 250% of the federal "
        "poverty level. Call for an intake appointment; there is usually a two-week wait."),
    Org("eastside-family-wellness-center", "Eastside Family Wellness Center", CMHC,
        CostPolicy.LOW_COST, "Los Angeles", "1835 Hillhurst Avenue", 1,
        "Sessions cost $20 to $60 depending on household income. Medi-Cal accepted, and no one "
        "is turned away for inability to pay."),
    Org("westside-interpersonal-therapy-associates", "Westside Interpersonal Therapy Associates",
        GROUP, CostPolicy.STANDARD, "Los Angeles", "11600 Santa Monica Boulevard, Suite 210", 2),
    Org("lakeview-psychology-training-clinic", "Lakeview Psychology Training Clinic", CLINIC,
        CostPolicy.LOW_COST, "Chicago", "3145 North Halsted Street", 1,
        "Therapy with supervised doctoral trainees for $25 a session. Fees can be waived for "
        "students and anyone out of work."),
    Org("third-ward-community-counseling", "Third Ward Community Counseling", CMHC,
        CostPolicy.FREE, "Houston", "3320 Almeda Road", 1,
        "Free care funded by a local foundation: up to 16 sessions of IPT for adults with "
        "depression who are uninsured or underinsured."),
    Org("desert-bloom-counseling-group", "Desert Bloom Counseling Group", GROUP,
        CostPolicy.STANDARD, "Phoenix", "2525 East Camelback Road, Suite 700", 1),
    Org("center-city-ipt-training-clinic", "Center City IPT Training Clinic", CLINIC,
        CostPolicy.FREE, "Philadelphia", "1700 Walnut Street, 4th Floor", 0,
        "Free 12-session courses of IPT delivered by clinicians in supervised IPT training. "
        "Open to adults in Philadelphia County."),
    Org("cascade-psychotherapy-associates", "Cascade Psychotherapy Associates", GROUP,
        CostPolicy.STANDARD, "Seattle", "4000 Stone Way North, Suite 200", 0),
    Org("jamaica-plain-community-counseling-center", "Jamaica Plain Community Counseling Center",
        CMHC, CostPolicy.LOW_COST, "Boston", "640 Centre Street", 2,
        "Fees start at $15 a session on a sliding scale. MassHealth accepted; interpreters "
        "available for Spanish and Haitian Creole."),
    Org("peachtree-counseling-collective", "Peachtree Counseling Collective", GROUP,
        CostPolicy.STANDARD, "Atlanta", "1100 Peachtree Street NE, Suite 900", 0),
    Org("front-range-community-mental-health", "Front Range Community Mental Health", CMHC,
        CostPolicy.FREE, "Denver", "1350 Logan Street", 0,
        "Free short-term therapy, including IPT, for Denver residents without insurance. "
        "Walk-in intake on weekday mornings."),
    Org("biscayne-family-counseling-center", "Biscayne Family Counseling Center", CMHC,
        CostPolicy.FREE, "Miami", "3650 Biscayne Boulevard", 2,
        "Free counselling in English, Spanish and Haitian Creole for uninsured adults in "
        "Miami-Dade County."),
    Org("twin-cities-interpersonal-therapy-group", "Twin Cities Interpersonal Therapy Group",
        GROUP, CostPolicy.STANDARD, "Minneapolis", "2400 Hennepin Avenue", 1),
    Org("hawthorne-community-therapy-project", "Hawthorne Community Therapy Project", CMHC,
        CostPolicy.LOW_COST, "Portland", "3510 SE Hawthorne Boulevard", 1,
        "Pay what you can, from $10 a session. Oregon Health Plan members are seen at no cost."),
    Org("capitol-hill-psychotherapy-associates", "Capitol Hill Psychotherapy Associates", GROUP,
        CostPolicy.STANDARD, "Washington", "650 Pennsylvania Avenue SE, Suite 320", 2),
    Org("rio-grande-community-counseling", "Rio Grande Community Counseling", CMHC,
        CostPolicy.FREE, "Albuquerque", "2201 Central Avenue NE", 0,
        "Free counselling for uninsured adults and families in Bernalillo County, in English "
        "and Spanish."),
    Org("charles-village-training-clinic", "Charles Village Training Clinic", CLINIC,
        CostPolicy.LOW_COST, "Baltimore", "3100 St. Paul Street", 1,
        "Sessions with supervised trainees from $20; fees can be reduced further on request."),
    Org("mission-street-community-counseling", "Mission Street Community Counseling", CMHC,
        CostPolicy.FREE, "San Francisco", "2940 Mission Street", 0,
        "Free IPT in English, Spanish and Tagalog for San Francisco residents, funded by the "
        "city's behavioural health services."),
)


# ---------------------------------------------------------------------------
# People: names by heritage, identity and languages
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Heritage:
    women: tuple
    men: tuple
    last: tuple
    ethnicities: tuple
    descriptions: tuple
    languages: dict  # code -> chance of speaking it in session
    faiths: dict  # faith -> weight; "" means not shared


NEUTRAL_NAMES = (
    "Alex", "Jordan", "Sam", "Riley", "Avery", "Quinn", "Rowan", "Sage", "River", "Jamie",
    "Robin", "Casey", "Morgan", "Ash", "Emerson", "Remy", "Skyler", "Charlie", "Devon", "Ari",
)

HERITAGES = {
    "anglo": Heritage(
        ("Emily", "Sarah", "Rachel", "Laura", "Megan", "Katherine", "Anna", "Claire", "Hannah",
         "Julia", "Margaret", "Caroline", "Elizabeth", "Allison", "Molly", "Heather", "Jennifer",
         "Kristen", "Lindsay", "Abigail", "Natalie", "Erin", "Colleen", "Meredith"),
        ("Daniel", "Michael", "David", "James", "Andrew", "Benjamin", "Thomas", "Matthew",
         "Nathan", "Peter", "Christopher", "Ryan", "Patrick", "Brian", "Stephen", "Gregory",
         "Jonathan", "Timothy"),
        ("Whitfield", "Harrington", "Callahan", "Sullivan", "Brennan", "Morrison", "Fletcher",
         "Langley", "Holloway", "Prescott", "Whitaker", "Carlisle", "Mercer", "Ashford",
         "Donnelly", "Kessler", "Lindqvist", "Bauer", "Hoffman", "Gallagher", "McKenna",
         "Thornton", "Bishop", "Caldwell", "Sorensen", "Becker", "Doyle", "Hartman", "Olsen",
         "Pryor", "Quinlan", "Reardon", "Stratton", "Vogel", "Walsh", "Yates", "Keane",
         "Ellsworth", "Garrison", "Haldane"),
        ("white",),
        ("", "", "Irish American", "German American", "Scandinavian American"),
        {"es": 0.15, "fr": 0.05, "de": 0.05},
        {"": 6, "christian": 3, "none": 3, "spiritual": 2, "buddhist": 0.5, "other": 0.3},
    ),
    "italian": Heritage(
        ("Giulia", "Francesca", "Chiara", "Elena", "Maria", "Teresa"),
        ("Marco", "Luca", "Anthony", "Vincent", "Joseph", "Paul"),
        ("Rossi", "Bianchi", "Romano", "Esposito", "Ricci", "Conti", "Marino", "Greco", "DeLuca",
         "Russo"),
        ("white",), ("Italian American", ""),
        {"it": 0.45, "es": 0.1},
        {"": 5, "christian": 4, "none": 1, "spiritual": 1},
    ),
    "black": Heritage(
        ("Aaliyah", "Imani", "Jasmine", "Keisha", "Monique", "Tiana", "Danielle", "Simone",
         "Brianna", "Kendra", "Ebony", "Alicia", "Latoya", "Nia"),
        ("Marcus", "Darnell", "Andre", "Jamal", "Terrence", "Malik", "Xavier", "Desmond",
         "Isaiah", "Curtis", "Reginald", "Cedric"),
        ("Washington", "Jefferson", "Banks", "Freeman", "Robinson", "Greene", "Hollis",
         "Merriweather", "Ellison", "Coleman", "Booker", "Jenkins", "Whitley", "Gaines",
         "Tolliver", "Burrell", "Hairston", "Pettaway"),
        ("black",), ("African American", "Black", "", ""),
        {"es": 0.08, "fr": 0.03},
        {"": 5, "christian": 5, "spiritual": 2, "muslim": 0.7, "none": 1},
    ),
    "west_african": Heritage(
        ("Adaeze", "Ngozi", "Abena", "Ama", "Folake", "Chiamaka"),
        ("Chinedu", "Kwame", "Kofi", "Oluwaseun", "Emeka", "Yaw"),
        ("Okafor", "Adeyemi", "Mensah", "Boateng", "Okonkwo", "Asante", "Adebayo", "Owusu",
         "Nwosu", "Ogunleye"),
        ("black",), ("Nigerian American", "Ghanaian American"),
        {"fr": 0.1},
        {"": 3, "christian": 4, "muslim": 1},
    ),
    "haitian": Heritage(
        ("Fabienne", "Guerline", "Marie-Claire", "Nadège", "Widline", "Rose-Marie"),
        ("Jean-Pierre", "Ricardo", "Stanley", "Frantz", "Emmanuel", "Jean-Baptiste"),
        ("Pierre-Louis", "Desrosiers", "Baptiste", "Joseph", "Célestin", "Toussaint", "Charles",
         "Étienne", "Dorvil", "Jean-Louis"),
        ("black",), ("Haitian American",),
        {"ht": 0.9, "fr": 0.6, "es": 0.1},
        {"": 3, "christian": 5, "spiritual": 1},
    ),
    "hispanic": Heritage(
        ("María", "Ana", "Lucía", "Gabriela", "Valeria", "Carolina", "Isabel", "Marisol",
         "Camila", "Daniela", "Sofía", "Elena", "Adriana", "Paola", "Yesenia", "Rocío"),
        ("Alejandro", "Carlos", "Diego", "Javier", "Luis", "Miguel", "Rafael", "Andrés", "Jorge",
         "Ricardo", "Eduardo", "Manuel"),
        ("García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez",
         "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Reyes",
         "Gutiérrez", "Ortiz", "Castillo", "Vargas", "Mendoza", "Salazar", "Delgado", "Navarro",
         "Aguilar"),
        ("hispanic-latino",),
        ("Mexican American", "Puerto Rican", "Cuban American", "Colombian American",
         "Salvadoran American", "Dominican American", "Chicana", "Latina", ""),
        {"es": 0.9, "pt": 0.04},
        {"": 4, "christian": 5, "spiritual": 2, "none": 1},
    ),
    "brazilian": Heritage(
        ("Beatriz", "Fernanda", "Larissa", "Rafaela", "Juliana"),
        ("João", "Thiago", "Gustavo", "Rodrigo", "Felipe"),
        ("Oliveira", "Santos", "Ferreira", "Costa", "Almeida", "Carvalho", "Ribeiro", "Barbosa"),
        ("hispanic-latino", "multiracial"), ("Brazilian American",),
        {"pt": 0.9, "es": 0.4},
        {"": 3, "christian": 3, "spiritual": 2, "none": 1},
    ),
    "chinese": Heritage(
        ("Mei", "Lin", "Jing", "Xiaoling", "Hui", "Ying", "Grace", "Vivian", "Jennifer", "Joyce"),
        ("Wei", "Kevin", "Eric", "Jun", "Hao", "Michael", "Tony"),
        ("Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Lin", "Wu", "Zhou", "Xu", "Ho", "Chan"),
        ("asian",), ("Chinese American", "Taiwanese American", "Hong Kong Chinese"),
        {"zh": 0.75},
        {"": 5, "none": 3, "buddhist": 2, "christian": 2},
    ),
    "korean": Heritage(
        ("Ji-woo", "Seo-yeon", "Soo-jin", "Esther", "Grace", "Hannah", "Min-ji"),
        ("Min-jun", "Hyun", "Daniel", "Joon", "Sung", "Paul"),
        ("Kim", "Park", "Lee", "Choi", "Jung", "Kang", "Yoon", "Han", "Shin"),
        ("asian",), ("Korean American",),
        {"ko": 0.7},
        {"": 4, "christian": 4, "buddhist": 1, "none": 2},
    ),
    "vietnamese": Heritage(
        ("Linh", "Thao", "Huong", "Phuong", "Khanh", "Anh", "Trang"),
        ("Minh", "Tuan", "Duc", "Quang", "Bao", "Long"),
        ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo"),
        ("asian",), ("Vietnamese American",),
        {"vi": 0.8, "fr": 0.05},
        {"": 4, "buddhist": 3, "christian": 2, "none": 1},
    ),
    "filipino": Heritage(
        ("Maricel", "Rhea", "Kristine", "Analyn", "Jocelyn", "Lorna"),
        ("Joel", "Paolo", "Rommel", "Jerome", "Arnel", "Mark"),
        ("Santos", "Reyes", "Dela Cruz", "Bautista", "Villanueva", "Aquino", "Castro", "Ramos",
         "Mercado", "Manalo"),
        ("asian",), ("Filipino American", "Filipina American"),
        {"tl": 0.7, "es": 0.05},
        {"": 3, "christian": 5, "spiritual": 1},
    ),
    "japanese": Heritage(
        ("Yuki", "Haruka", "Aiko", "Naomi", "Emi", "Keiko"),
        ("Kenji", "Takeshi", "Hiroshi", "Ken", "Daniel", "Ryo"),
        ("Tanaka", "Sato", "Nakamura", "Yamamoto", "Watanabe", "Kobayashi", "Inoue", "Matsumoto"),
        ("asian",), ("Japanese American",),
        {"ja": 0.55},
        {"": 5, "buddhist": 2, "none": 2, "christian": 1, "spiritual": 1},
    ),
    "indian": Heritage(
        ("Priya", "Anjali", "Neha", "Kavya", "Meera", "Divya", "Harpreet", "Lakshmi"),
        ("Arjun", "Rohan", "Vikram", "Sanjay", "Ravi", "Gurpreet", "Anand"),
        ("Patel", "Shah", "Sharma", "Gupta", "Iyer", "Reddy", "Desai", "Mehta", "Kapoor", "Singh",
         "Nair", "Rao"),
        ("asian",), ("Indian American", "South Asian"),
        {"hi": 0.6, "ur": 0.05},
        {"": 4, "hindu": 4, "sikh": 1, "spiritual": 1, "none": 1},
    ),
    "bangladeshi": Heritage(
        ("Farhana", "Nusrat", "Tahmina", "Sadia"),
        ("Tanvir", "Rafiq", "Imran", "Arif"),
        ("Chowdhury", "Rahman", "Hossain", "Islam", "Ahmed", "Uddin", "Miah"),
        ("asian",), ("Bangladeshi American",),
        {"bn": 0.85, "hi": 0.1},
        {"": 3, "muslim": 5, "none": 1},
    ),
    "pakistani": Heritage(
        ("Ayesha", "Sana", "Hira", "Mahnoor"),
        ("Bilal", "Usman", "Faisal", "Hamza"),
        ("Khan", "Siddiqui", "Qureshi", "Malik", "Chaudhry", "Sheikh"),
        ("asian",), ("Pakistani American", "South Asian"),
        {"ur": 0.85, "hi": 0.2},
        {"": 3, "muslim": 5},
    ),
    "arab": Heritage(
        ("Layla", "Nour", "Yasmin", "Mariam", "Rania", "Dalia"),
        ("Omar", "Karim", "Samir", "Tariq", "Youssef", "Hassan"),
        ("Haddad", "Khoury", "Mansour", "Nasser", "Saleh", "Farah", "Aziz", "Hamdan", "Sabbagh",
         "Darwish"),
        ("middle-eastern",),
        ("Lebanese American", "Arab American", "Palestinian American", "Egyptian American"),
        {"ar": 0.8, "fr": 0.15},
        {"": 3, "muslim": 3, "christian": 2, "none": 1},
    ),
    "iranian": Heritage(
        ("Shirin", "Leila", "Parisa", "Nazanin", "Roya"),
        ("Dariush", "Amir", "Reza", "Kian", "Babak"),
        ("Hosseini", "Tehrani", "Karimi", "Ahmadi", "Rahimi", "Moradi", "Jafari"),
        ("middle-eastern",), ("Iranian American", "Persian"),
        {"fa": 0.85},
        {"": 4, "none": 2, "muslim": 1, "spiritual": 1, "other": 0.7, "jewish": 0.5},
    ),
    "russian": Heritage(
        ("Olga", "Natalia", "Irina", "Svetlana", "Yelena", "Tatiana"),
        ("Dmitri", "Pavel", "Alexei", "Sergei", "Mikhail"),
        ("Petrov", "Volkov", "Sokolov", "Orlov", "Levin", "Morozov", "Kuznetsov", "Belov"),
        ("white",), ("Russian American", "Ukrainian American"),
        {"ru": 0.85},
        {"": 4, "christian": 2, "jewish": 2, "none": 2},
    ),
    "polish": Heritage(
        ("Katarzyna", "Agnieszka", "Marta", "Magdalena", "Joanna"),
        ("Tomasz", "Piotr", "Krzysztof", "Michał", "Paweł"),
        ("Nowak", "Kowalczyk", "Zielinski", "Kaminski", "Lewandowski", "Wojcik", "Mazur",
         "Krawczyk"),
        ("white",), ("Polish American",),
        {"pl": 0.8, "de": 0.05},
        {"": 4, "christian": 4, "none": 1},
    ),
    "jewish": Heritage(
        ("Rebecca", "Miriam", "Talia", "Shira", "Leah", "Naomi", "Ruth"),
        ("Noah", "Aaron", "Eli", "Jonah", "Adam", "Samuel"),
        ("Goldberg", "Rosen", "Katz", "Levy", "Friedman", "Schwartz", "Adler", "Feldman", "Weiss",
         "Bernstein", "Kaplan", "Sternberg"),
        ("white",), ("Ashkenazi Jewish", "Jewish", ""),
        {"he": 0.3, "ru": 0.05, "es": 0.1, "fr": 0.05},
        {"jewish": 6, "": 3, "none": 1},
    ),
    "somali": Heritage(
        ("Hodan", "Amina", "Fadumo", "Sahra", "Hibaaq"),
        ("Abdi", "Mohamed", "Abdirahman", "Hassan", "Yusuf"),
        ("Warsame", "Ali", "Hassan", "Abdullahi", "Farah", "Omar", "Jama", "Osman"),
        ("black",), ("Somali American",),
        {"so": 0.9, "ar": 0.3},
        {"muslim": 5, "": 3},
    ),
    "ethiopian": Heritage(
        ("Selam", "Hanna", "Meron", "Tigist", "Bethlehem"),
        ("Yonas", "Dawit", "Samuel", "Henok", "Abel"),
        ("Tesfaye", "Bekele", "Haile", "Gebremedhin", "Mekonnen", "Alemu", "Girma", "Tadesse"),
        ("black",), ("Ethiopian American", "Eritrean American"),
        {"am": 0.85},
        {"": 3, "christian": 5, "muslim": 1},
    ),
    "native": Heritage(
        ("Renee", "Tallulah", "Marissa", "Shawna", "Kaya", "Loretta"),
        ("Nathan", "Joseph", "Carl", "Travis", "Darren", "Raymond"),
        ("Begay", "Yazzie", "Tsosie", "Benally", "Nez", "Chee", "Manuelito", "Lente", "Harjo",
         "Tsinajinnie"),
        ("american-indian",),
        ("Diné (Navajo)", "Laguna Pueblo", "Muscogee (Creek) Nation", "Lakota", "Ojibwe"),
        {},
        {"": 4, "spiritual": 3, "christian": 2, "other": 1},
    ),
    "pacific": Heritage(
        ("Leilani", "Malia", "Mele", "Noelani", "Kalena"),
        ("Keoni", "Kai", "Sione", "Ikaika", "Tavita"),
        ("Kahananui", "Tuilagi", "Fonoti", "Akana", "Kealoha", "Taufa", "Kamakea", "Faleolo"),
        ("pacific-islander",), ("Native Hawaiian", "Samoan American", "Tongan American"),
        {},
        {"": 3, "christian": 4, "spiritual": 1},
    ),
}
HERITAGE_WEIGHTS = {
    "anglo": 30, "black": 10, "hispanic": 14, "italian": 2, "jewish": 4, "west_african": 1.5,
    "haitian": 1, "brazilian": 1, "chinese": 4, "korean": 2, "vietnamese": 2, "filipino": 2,
    "japanese": 1, "indian": 3, "bangladeshi": 0.7, "pakistani": 0.7, "arab": 1.5,
    "iranian": 1, "russian": 1.5, "polish": 1, "somali": 0.5, "ethiopian": 0.7, "native": 0.7,
    "pacific": 0.4,
}

GENDER_WEIGHTS = {
    Gender.WOMAN: 60, Gender.MAN: 24, Gender.NON_BINARY: 4, Gender.GENDERQUEER: 1.5,
    Gender.AGENDER: 1, Gender.TWO_SPIRIT: 0.7, Gender.SELF_DESCRIBED: 1.5, "": 7,
}
PRONOUNS = {
    Gender.WOMAN: {"she/her": 9, "she/they": 1},
    Gender.MAN: {"he/him": 9, "he/they": 1},
    Gender.NON_BINARY: {"they/them": 1},
    Gender.GENDERQUEER: {"they/them": 3, "ze/zir": 1},
    Gender.AGENDER: {"they/them": 3, "any pronouns": 1},
    Gender.TWO_SPIRIT: {"they/them": 2, "she/her": 1, "he/him": 1},
    Gender.SELF_DESCRIBED: {"they/them": 2, "she/they": 1, "he/they": 1},
    "": {"": 1},
}
SELF_DESCRIPTIONS = ("Genderfluid", "Bigender", "Transmasculine", "Demigirl",
                     "Gender non-conforming")


# ---------------------------------------------------------------------------
# Professions, licences and training
# ---------------------------------------------------------------------------

PROFESSION_WEIGHTS = {
    Profession.SOCIAL_WORKER: 30, Profession.COUNSELOR: 20, Profession.PSYCHOLOGIST: 25,
    Profession.MARRIAGE_FAMILY: 10, Profession.PSYCHIATRIST: 8, Profession.NURSE_PRACTITIONER: 7,
}
PRESCRIBERS = (Profession.PSYCHIATRIST, Profession.NURSE_PRACTITIONER)
PROGRAMME = {  # the university programme letter each profession needs (see UNIVERSITIES)
    Profession.SOCIAL_WORKER: "S", Profession.COUNSELOR: "C", Profession.PSYCHOLOGIST: "P",
    Profession.MARRIAGE_FAMILY: "F", Profession.PSYCHIATRIST: "M",
    Profession.NURSE_PRACTITIONER: "N",
}
NOUNS = {
    Profession.SOCIAL_WORKER: ("clinical social worker", "licensed clinical social worker"),
    Profession.COUNSELOR: ("licensed professional counselor", "mental health counselor"),
    Profession.PSYCHOLOGIST: ("clinical psychologist", "licensed psychologist"),
    Profession.MARRIAGE_FAMILY: ("marriage and family therapist", "family therapist"),
    Profession.PSYCHIATRIST: ("psychiatrist",),
    Profession.NURSE_PRACTITIONER: ("psychiatric nurse practitioner",),
}
LICENCE_TITLES = {
    LicenceType.PSYCHOLOGIST: "Licensed Psychologist",
    LicenceType.LCSW: "Licensed Clinical Social Worker",
    LicenceType.LICSW: "Licensed Independent Clinical Social Worker",
    LicenceType.LPC: "Licensed Professional Counselor",
    LicenceType.LPCC: "Licensed Professional Clinical Counselor",
    LicenceType.LMHC: "Licensed Mental Health Counselor",
    LicenceType.LMFT: "Licensed Marriage and Family Therapist",
    LicenceType.MD: "Physician and Surgeon (MD)",
    LicenceType.DO: "Osteopathic Physician and Surgeon (DO)",
    LicenceType.PMHNP: "Advanced Practice Registered Nurse (Psychiatric-Mental Health NP)",
}
LICENCE_PREFIXES = {
    LicenceType.PSYCHOLOGIST: "PSY", LicenceType.LCSW: "LCSW", LicenceType.LICSW: "LICSW",
    LicenceType.LPC: "LPC", LicenceType.LPCC: "LPCC", LicenceType.LMHC: "LMHC",
    LicenceType.LMFT: "LMFT", LicenceType.MD: "MD", LicenceType.DO: "DO",
    LicenceType.PMHNP: "APRN",
}
DEGREES = {
    LicenceType.PSYCHOLOGIST: ("PhD in Clinical Psychology", "PsyD in Clinical Psychology",
                               "PhD in Counseling Psychology"),
    LicenceType.LCSW: ("Master of Social Work (MSW)",),
    LicenceType.LICSW: ("Master of Social Work (MSW)",),
    LicenceType.LPC: ("MA in Clinical Mental Health Counseling", "MEd in Counseling"),
    LicenceType.LPCC: ("MS in Clinical Counseling", "MA in Clinical Mental Health Counseling"),
    LicenceType.LMHC: ("MA in Mental Health Counseling", "MS in Clinical Mental Health Counseling"),
    LicenceType.LMFT: ("MS in Marriage and Family Therapy", "MA in Couple and Family Therapy"),
    LicenceType.MD: ("Doctor of Medicine (MD)",),
    LicenceType.DO: ("Doctor of Osteopathic Medicine (DO)",),
    LicenceType.PMHNP: ("Master of Science in Nursing (PMHNP)", "Doctor of Nursing Practice (DNP)"),
}


def licence_type_for(profession, state, rng):
    """The licence a profession holds in a state (titles vary by state)."""
    if profession == Profession.SOCIAL_WORKER:
        return LicenceType.LICSW if state in {"MA", "WA", "MN", "DC", "VT"} else LicenceType.LCSW
    if profession == Profession.COUNSELOR:
        if state in {"NY", "MA", "WA", "FL", "VT"}:
            return LicenceType.LMHC
        return LicenceType.LPCC if state in {"CA", "MN", "NM"} else LicenceType.LPC
    if profession == Profession.PSYCHIATRIST:
        return LicenceType.DO if rng.random() < 0.2 else LicenceType.MD
    return {
        Profession.PSYCHOLOGIST: LicenceType.PSYCHOLOGIST,
        Profession.MARRIAGE_FAMILY: LicenceType.LMFT,
        Profession.NURSE_PRACTITIONER: LicenceType.PMHNP,
    }[profession]


def board_for(state, licence_type):
    for body in STATE_BOARDS:
        if body.jurisdiction == state and licence_type in body.covers.split():
            return body
    raise LookupError(f"No board in {state} issues {licence_type}")


L = IPTLevel
# Each path is one therapist's IPT training history, oldest first.
TRAINING_PATHS = {
    (L.WORKSHOP,): 10,
    (L.UNIVERSITY_PROGRAMME,): 7,
    (L.INSTITUTE_A,): 12,
    (L.WORKSHOP, L.ISIPT_CERTIFIED): 14,
    (L.UNIVERSITY_PROGRAMME, L.ISIPT_CERTIFIED): 6,
    (L.WORKSHOP, L.ISIPT_CERTIFIED, L.ISIPT_SUPERVISOR): 6,
    (L.WORKSHOP, L.ISIPT_CERTIFIED, L.ISIPT_TRAINER): 3,
    (L.INSTITUTE_A, L.INSTITUTE_B): 18,
    (L.INSTITUTE_A, L.INSTITUTE_B, L.INSTITUTE_C): 5,
    (L.INSTITUTE_A, L.INSTITUTE_B, L.INSTITUTE_C, L.INSTITUTE_D): 4,
    (L.INSTITUTE_A, L.INSTITUTE_B, L.INSTITUTE_C, L.INSTITUTE_E): 2,
    (L.UK_A,): 1.5,
    (L.UK_B,): 1,
    (L.UK_A, L.UK_C): 1,
    (L.UK_A, L.UK_D): 1,
}
# (hours, supervised cases) ranges for each level.
TRAINING_HOURS = {
    L.WORKSHOP: ((16, 24), None),
    L.UNIVERSITY_PROGRAMME: ((30, 60), (0, 2)),
    L.INSTITUTE_A: ((14, 16), None),
    L.INSTITUTE_B: ((24, 40), (3, 6)),
    L.INSTITUTE_C: ((30, 60), (4, 8)),
    L.INSTITUTE_D: ((40, 90), (6, 12)),
    L.INSTITUTE_E: ((100, 200), (6, 12)),
    L.ISIPT_CERTIFIED: ((16, 40), (3, 6)),
    L.ISIPT_SUPERVISOR: ((80, 140), (5, 10)),
    L.ISIPT_TRAINER: ((100, 250), (5, 10)),
    L.UK_A: ((40, 70), (2, 4)),
    L.UK_B: ((30, 50), (2, 4)),
    L.UK_C: ((10, 30), None),
    L.UK_D: ((60, 100), (4, 8)),
}
WORKSHOP_HOSTS = (
    "Columbia University", "University of Pittsburgh", "University of Michigan",
    "Stanford University", "Weill Cornell Medicine", "a state psychological association",
)
TRAINING_SOURCE = {
    IPTBody.ISIPT: "https://interpersonalpsychotherapy.org/",
    IPTBody.INSTITUTE: "https://iptinstitute.com/",
    IPTBody.UK: "https://iptuk.net/",
}


# ---------------------------------------------------------------------------
# Clinical fit, fees and the rest of the listing
# ---------------------------------------------------------------------------

CONDITION_WEIGHTS = {
    "anxiety": 0.45, "social-anxiety": 0.12, "grief": 0.35, "relationship-problems": 0.4,
    "life-transitions": 0.35, "dysthymia": 0.2, "substance-use": 0.08, "ptsd": 0.1,
    "bipolar": 0.04, "eating-disorders": 0.04, "postpartum-depression": 0.06,
}
ADAPTATION_CONDITIONS = {
    "perinatal": "postpartum-depression", "ipsrt": "bipolar",
    "eating-disorders": "eating-disorders", "ipt-ptsd": "ptsd",
}
CONDITION_PHRASES = {
    "depression": "depression",
    "postpartum-depression": "depression during pregnancy or after a baby",
    "anxiety": "anxiety",
    "social-anxiety": "social anxiety",
    "bipolar": "bipolar disorder",
    "ptsd": "the after-effects of trauma",
    "grief": "grief",
    "eating-disorders": "binge eating or bulimia",
    "relationship-problems": "relationship problems",
    "life-transitions": "big life changes",
    "dysthymia": "low mood that has lasted for years",
    "substance-use": "substance use alongside other care",
}
AGE_PHRASES = {
    "children": "children", "adolescents": "teenagers", "young-adults": "young adults",
    "adults": "adults", "older-adults": "older adults",
}
TRAIT_WORDS = {
    "direct": "direct", "gentle": "gentle", "structured": "structured", "flexible": "flexible",
    "collaborative": "collaborative", "warm": "warm", "calm": "calm", "pragmatic": "pragmatic",
    "reflective": "reflective", "humorous": "light-hearted",
}
FEE_RANGES = {
    Profession.SOCIAL_WORKER: (100, 175), Profession.COUNSELOR: (95, 165),
    Profession.MARRIAGE_FAMILY: (110, 180), Profession.PSYCHOLOGIST: (150, 250),
    Profession.PSYCHIATRIST: (220, 300), Profession.NURSE_PRACTITIONER: (160, 240),
}
IN_NETWORK = {
    Profession.SOCIAL_WORKER: 0.6, Profession.COUNSELOR: 0.55, Profession.MARRIAGE_FAMILY: 0.4,
    Profession.PSYCHOLOGIST: 0.45, Profession.PSYCHIATRIST: 0.5,
    Profession.NURSE_PRACTITIONER: 0.75,
}
FREQUENCY_WORDS = {
    MaintenanceFrequency.WEEKLY: "weekly",
    MaintenanceFrequency.FORTNIGHTLY: "fortnightly",
    MaintenanceFrequency.MONTHLY: "monthly",
    MaintenanceFrequency.BIMONTHLY: "every-other-month",
    MaintenanceFrequency.AS_NEEDED: "occasional",
}
CULTURAL_COURSES = (
    ("Culturally Responsive Care with Latinx Families", "NASW Continuing Education", "latinx"),
    ("Gender-Affirming Mental Health Care", "Affirmative Practice Institute", "trans-nonbinary"),
    ("LGBTQ+ Affirming Clinical Practice", "Affirmative Practice Institute", "lgbtq"),
    ("Military Culture: Core Competencies for Healthcare Professionals",
     "Center for Deployment Psychology", "veterans"),
    ("Perinatal Mood and Anxiety Disorders: Components of Care",
     "Postpartum Support International", "new-parents"),
    ("Racial Trauma and Racial Healing in Psychotherapy", "Community Health Training Institute",
     "black"),
    ("Working with Interpreters in Behavioral Health", "Regional Health Education Center",
     "immigrants-refugees"),
    ("Refugee Mental Health and Resettlement Stress", "Refugee Health Training Collaborative",
     "immigrants-refugees"),
    ("Historical Trauma and Healing in Native Communities",
     "Indigenous Wellness Training Collaborative", "indigenous"),
    ("Deaf Culture and ASL-Accessible Therapy", "Deaf Mental Health Training Program",
     "disability"),
    ("Neurodiversity-Affirming Therapy", "Regional Health Education Center", "neurodivergent"),
    ("Spiritual and Religious Competencies in Psychotherapy",
     "Spiritual Competency Training Program", "faith"),
    ("Mental Health Care with Asian American Families", "AAPI Mental Health Training Network",
     "asian-american"),
    ("Cultural Humility in Clinical Practice", "State Society for Clinical Social Work", "bipoc"),
    ("Disability-Affirming Practice", "Center for Disability Inclusion Training", "disability"),
    ("Identity and Belonging in College Mental Health", "Campus Counseling Training Consortium",
     "students"),
)


# ---------------------------------------------------------------------------
# Text: sentences the bios, approaches and first sessions are composed from
# ---------------------------------------------------------------------------

OPENERS = (
    "I'm {article} {noun} {place} and have been in practice for {years} years.",
    "For the past {years} years I have worked as {article} {noun}, first in community mental "
    "health and now {practice}.",
    "I trained as {article} {noun} at {university} and have been seeing clients since {since}.",
    "Before starting my own practice I spent several years in a hospital outpatient clinic, "
    "where most of the people I saw were living with depression.",
    "I am {article} {noun} with {years} years of experience, most of it with people going "
    "through hard stretches in their relationships.",
    "I have been {article} {noun} for {years} years, and I still find the work as meaningful as "
    "when I started.",
)
FOCUS = (
    "Most of the people I see are {ages} dealing with {cond1} or {cond2}.",
    "I work mainly with {ages} facing {cond1}, often alongside {cond2}.",
    "My clients are mostly {ages}. Many come to me because of {cond1}; others are struggling "
    "with {cond2}.",
    "I see {ages} for {cond1}, {cond2} and the strain these can put on the people around them.",
    "People usually find me when {cond1} has started to affect their work, their sleep or the "
    "people closest to them.",
)
IPT_LINES = (
    "My main approach is Interpersonal Psychotherapy (IPT), a structured treatment of about "
    "{min}-{max} weekly sessions that links how you feel to what is happening in your "
    "relationships.",
    "IPT is at the centre of my work: over {min} to {max} sessions we choose one focus, whether "
    "grief, a dispute with someone close to you, a life transition, or loneliness and isolation, "
    "and work on it directly.",
    "IPT appeals to me because it is practical. We look at the relationships and changes in "
    "your life right now rather than spending years on the past.",
    "I use IPT, a time-limited therapy with strong research support for depression, usually "
    "over {min} to {max} sessions.",
)
SEASONED_IPT_LINES = (
    "I came to IPT after noticing how often depression follows a loss, a conflict or a big "
    "change, and I have practised it for the past {ipt_years} years.",
    "I have completed more than {courses} full courses of IPT with clients, and I like that it "
    "is time-limited and focused on the here and now.",
)
ADAPTATION_LINES = {
    "perinatal": (
        "I have a particular interest in perinatal mental health and offer IPT adapted for "
        "pregnancy and the first year after birth.",
        "Much of my work is with new and expecting parents, for whom IPT's focus on role "
        "transitions fits naturally.",
    ),
    "ipt-a": (
        "I also see teenagers using IPT-A, which brings a parent or carer into some sessions.",
        "With adolescents I use IPT-A, which keeps the same structure but makes room for school, "
        "friendships and family.",
    ),
    "ipsrt": (
        "For clients with bipolar disorder I offer IPSRT, which adds steady daily routines and "
        "sleep to the interpersonal work.",
    ),
    "eating-disorders": (
        "I also use IPT for binge eating and bulimia, where working on relationships often helps "
        "more than a focus on food alone.",
    ),
    "ipt-ptsd": (
        "I have additional training in IPT for PTSD, which works on the relationships trauma "
        "disrupts without asking you to retell every detail.",
    ),
    "older-adults": (
        "I enjoy working with older adults, for whom retirement, illness and loss often bring "
        "exactly the kinds of change IPT addresses.",
    ),
    "ipc": (
        "I also offer Interpersonal Counselling, a shorter form of IPT of around six sessions "
        "that suits people seen in primary care.",
    ),
    "group": (
        "I run a small IPT group, which many people find less isolating than they expected.",
    ),
}
HOBBIES = (
    "sing in a community choir", "garden badly but enthusiastically",
    "run along the river most mornings", "am slowly learning to bake bread",
    "spend too much time on crossword puzzles", "coach a youth soccer team",
    "hike whenever I can get out of the city", "play the cello in an amateur orchestra",
    "volunteer at a local food bank", "read a lot of mystery novels",
    "cook for far too many people", "paint, mostly watercolours",
)
CLOSERS = (
    "If you're not sure whether IPT is right for you, I'm glad to talk it through.",
    "I'd be glad to hear from you, even if you're only starting to think about therapy.",
    "Reaching out is often the hardest step; I will do my best to make the rest easier.",
    "Feel free to get in touch with any questions before booking.",
)
PHASES = (
    "We start by getting the whole picture: your symptoms, your history and the people who "
    "matter in your life. By the third session we agree on a focus, spend the middle sessions "
    "working on it, and use the last few to consolidate what has helped and plan for setbacks.",
    "IPT has three phases. In the first, we map your important relationships and link your mood "
    "to what is happening in them. In the middle phase we work on one problem area together, "
    "and in the final sessions we review progress and plan how you'll keep it going.",
    "The first sessions are about understanding what's going on and choosing a focus, such as "
    "a loss, a conflict or a change you're adjusting to. From there the work is active and "
    "practical: we look at specific conversations and situations, try out new ways of handling "
    "them and notice what changes.",
    "I think of therapy as a collaboration with a clear shape. We agree early on what we're "
    "working on and how many sessions we'll meet for, and we check regularly whether it's "
    "helping.",
)
MEASURES = (
    "I ask you to fill in the PHQ-9 every few sessions so we can both see whether things are "
    "improving, and change course if they aren't.",
    "We track progress with short questionnaires (the PHQ-9 for mood and the GAD-7 for "
    "anxiety) roughly every third session.",
    "I measure outcomes with the PHQ-9 throughout the course, and I'm happy to share how my "
    "clients' scores have changed on average.",
)
MEDICATION_LINES = {
    Medication.PRESCRIBES: (
        "As {article} {noun} I can also prescribe and manage medication, and many of my clients "
        "combine IPT with an antidepressant.",
        "Because I prescribe, we can review medication and therapy together rather than "
        "coordinating between two clinicians.",
    ),
    Medication.COORDINATES: (
        "If you take medication, I'm happy to coordinate with your prescriber, with your "
        "permission.",
        "Many of my clients also see a psychiatrist or their primary care doctor for medication, "
        "and I keep in touch with them when it helps.",
    ),
    Medication.REFERS: (
        "I don't prescribe, but I can refer you to a psychiatrist or your primary care doctor if "
        "medication might help.",
    ),
}
MAINTENANCE_LINES = (
    "After the main course, some clients continue with {freq} maintenance sessions to lower the "
    "chance of depression coming back.",
    "If depression has come back for you before, we can plan {freq} maintenance sessions once "
    "the main course ends.",
)
STYLE_LINES = (
    "Clients tell me I'm {t1} and {t2}.",
    "My style is {t1} and {t2}: I'll keep us on track, and I'll also check that the pace is "
    "working for you.",
    "I try to be {t1} and {t2}, and I'll always tell you honestly how I think things are going.",
)
FIRST_SESSIONS = (
    "The first session is mostly about listening. I'll ask what brought you in, how long you've "
    "been feeling this way and who the important people in your life are, and we'll finish by "
    "talking about whether IPT is a good fit.",
    "Expect about {minutes} minutes of conversation and a short questionnaire. I'll explain how "
    "IPT works, and by the end of the second or third session we'll agree on a focus.",
    "Before we meet I'll send a brief intake form. In the session we'll go over your current "
    "symptoms and any past treatment, and start a simple map of your relationships that we "
    "build on over the next couple of weeks.",
    "Bring whatever questions you have about therapy, fees or scheduling. We'll take time to "
    "understand what's going on, and I'll give you my honest view of whether IPT is the right "
    "approach or whether something else would serve you better.",
    "We'll talk about what's been happening recently and what you'd like to be different. I'll "
    "also ask about sleep, appetite and energy, and about the people you lean on, or used to.",
)
CANCELLATIONS = (
    "Please give at least 24 hours' notice if you need to cancel; late cancellations are charged "
    "the full fee.",
    "I ask for 48 hours' notice to cancel or reschedule. I waive the fee for illness and "
    "emergencies.",
    "Sessions cancelled with less than 24 hours' notice are charged at half the usual fee.",
    "Late cancellations and missed sessions are charged in full, except in genuine emergencies.",
    "Life happens: one late cancellation per course is free, after that the full fee applies.",
)
CURATOR_NOTES = (
    "Confirmed fees by phone.",
    "Asked to update the insurance list next quarter.",
    "Wheelchair access confirmed on a site visit.",
    "Therapist asked us to correct the spelling of the practice name.",
    "Visitor report about an outdated phone number; fixed.",
    "Follow up on the licence renewal after it expires.",
)


V = Verification
# How curators' checks turned out, by weight, for each kind of record.
LICENCE_CHECKS = {V.VERIFIED: 72, V.UNVERIFIED: 24, V.REJECTED: 4}
CERTIFICATE_CHECKS = {V.VERIFIED: 55, V.UNVERIFIED: 40, V.REJECTED: 5}
DEGREE_CHECKS = {V.VERIFIED: 40, V.UNVERIFIED: 60}
TRAINING_CHECKS = {V.VERIFIED: 60, V.UNVERIFIED: 33, V.REJECTED: 7}
CULTURAL_CHECKS = {V.VERIFIED: 40, V.UNVERIFIED: 55, V.REJECTED: 5}
COACH_CHECKS = {V.REJECTED: 80, V.UNVERIFIED: 20}

# fmt: on
