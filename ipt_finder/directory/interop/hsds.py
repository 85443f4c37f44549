"""Published listings and organisations as Open Referral HSDS 3.0 objects.

HSDS types never include null: an absent value is left out, never sent as None.
"""

from ipt_finder.directory.choices import Accepting, Wheelchair

from . import ids, sources

VERSION = "3.0"
PROFILE_URL = "https://docs.openreferral.org/en/v3.0/hsds/overview.html"


def compact(data):
    """`data` without its empty values: None, "" and empty lists."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def taxonomy(key):
    found = sources.TAXONOMY[key]
    return compact(
        {
            "id": sources.taxonomy_id(key),
            "name": found.name,
            "description": found.description,
            "uri": "https://taxonomy.nucc.org/" if key == "profession" else None,
        }
    )


def attribute(link_id, term):
    key, natural_key, name, description, code = term
    term_id = sources.term_id(key, natural_key)
    return {
        "id": ids.child_id(link_id, "attribute", term_id),
        "link_id": link_id,
        "link_type": key,
        "link_entity": "service",
        "taxonomy_term_id": term_id,
        "taxonomy_term": compact(
            {
                "id": term_id,
                "code": code,
                "name": name,
                "description": description,
                "taxonomy": sources.TAXONOMY[key].name,
                "taxonomy_id": sources.taxonomy_id(key),
                "taxonomy_detail": taxonomy(key),
            }
        ),
    }


def organization(organisation, full=False):
    org_id = ids.organisation_id(organisation.slug)
    description = organisation.get_kind_display()
    if organisation.free_or_low_cost:
        description += f" offering {organisation.get_cost_policy_display().lower()}"
        if organisation.cost_details:
            description += f". {organisation.cost_details}"
    data = {
        "id": org_id,
        "name": organisation.name,
        "description": description,
        "website": organisation.website,
    }
    if full:
        if organisation.phone:
            data["phones"] = [phone(org_id, organisation.phone, "organization_id")]
        location_id = ids.child_id(org_id, "location")
        if address_record := address(location_id, organisation):
            data["locations"] = [
                compact(
                    {
                        "id": location_id,
                        "location_type": "physical",
                        "organization_id": org_id,
                        "name": organisation.name,
                        **coordinates(organisation),
                        "addresses": [address_record],
                    }
                )
            ]
    return compact(data)


def phone(owner_id, number, owner_field):
    return {"id": ids.child_id(owner_id, "phone", number), owner_field: owner_id, "number": number}


def coordinates(place):
    if place.latitude is None:
        return {}
    return {"latitude": float(place.latitude), "longitude": float(place.longitude)}


def address(location_id, place):
    """A physical address, or None when there is no street (address_1 is required)."""
    if not place.street or not place.postal_code:
        return None
    return {
        "id": ids.child_id(location_id, "address"),
        "location_id": location_id,
        "address_1": place.street,
        "city": place.city,
        "state_province": place.state,
        "postal_code": place.postal_code,
        "country": place.country,
        "address_type": "physical",
    }


def office_location(office, slug):
    location_id = ids.office_id(office, slug)
    accessibility = []
    if office.wheelchair != Wheelchair.UNKNOWN:
        details = office.get_wheelchair_confirmed_by_display()
        if office.wheelchair_confirmed_on:
            details += f" on {office.wheelchair_confirmed_on.isoformat()}"
        accessibility.append(
            {
                "id": ids.child_id(location_id, "wheelchair"),
                "location_id": location_id,
                "description": office.get_wheelchair_display(),
                "details": details,
            }
        )
    return compact(
        {
            "id": location_id,
            "location_type": "physical",
            "name": office.label or office.one_line,
            **coordinates(office),
            "addresses": [found] if (found := address(location_id, office)) else [],
            "accessibility": accessibility,
        }
    )


def virtual_location(therapist, service_id):
    modes = [m for m, on in (("video", therapist.telehealth_video),
                             ("phone", therapist.telehealth_phone)) if on]  # fmt: skip
    return {
        "id": ids.child_id(service_id, "virtual"),
        "location_type": "virtual",
        "name": f"Telehealth by {' and '.join(modes)}",
    }


def service_at_location(service_id, location):
    return {
        "id": ids.child_id(service_id, "at", location["id"]),
        "service_id": service_id,
        "location_id": location["id"],
        "location": location,
    }


def fees_description(therapist):
    parts = []
    if therapist.fee is not None:
        parts.append(f"${therapist.fee} a session at the full fee.")
    parts.append(f"{therapist.get_consultation_display()}.")
    if therapist.sliding_scale:
        parts.append(f"Sliding scale from ${therapist.sliding_scale_min_fee} a session.")
    plans = [str(plan) for plan in therapist.insurance_plans.all()]
    if plans:
        parts.append(f"In network with {', '.join(plans)}.")
    if therapist.superbills:
        parts.append("Provides superbills for out-of-network claims.")
    return " ".join(parts)


def cost_options(therapist, service_id):
    minutes = f"{therapist.session_minutes}-minute session"
    options = []
    if therapist.fee is not None:
        options.append(("full", f"Self-pay, {minutes}", therapist.fee, "Full fee"))
    if therapist.consultation_fee:
        options.append(("consultation", "Initial consultation", therapist.consultation_fee, ""))
    for tier in therapist.sliding_scale_tiers.all():
        band = f"household income {tier.income_band}, {tier.household_band}"
        options.append((f"tier:{band}", f"Sliding scale, {minutes}", tier.fee, band))
    return [
        compact(
            {
                "id": ids.child_id(service_id, "cost", key),
                "service_id": service_id,
                "option": option,
                "currency": "USD",
                "amount": amount,
                "amount_description": description,
            }
        )
        for key, option, amount, description in options
    ]


def service_summary(therapist):
    """The one-to-one fields of a service, as in GET /services."""
    service_id = ids.therapist_id(therapist.slug)
    organisations = list(therapist.organisations.all())
    ages = [group.min_age for group in therapist.age_groups.all()]
    description = "\n\n".join(
        text for text in (therapist.bio, therapist.approach, therapist.first_session) if text
    )
    booking = f"Book online: {therapist.booking_url}" if therapist.booking_url else ""
    accepting = therapist.get_accepting_display()
    if not therapist.accepting_is_fresh():
        accepting = "Ask whether new clients are being accepted"
    elif therapist.accepting == Accepting.WAITLIST:
        accepting = "Waitlist for new clients"
    return compact(
        {
            "id": service_id,
            "organization_id": ids.organisation_id(organisations[0].slug)
            if organisations
            else None,
            "name": f"{therapist.name}, {therapist.get_licence_type_display()}",
            "alternate_name": "Interpersonal Psychotherapy (IPT)",
            "description": description,
            "url": therapist.website,
            "email": therapist.email,
            "status": "active",
            "application_process": " ".join(p for p in (f"{accepting}.", booking) if p),
            "fees_description": fees_description(therapist),
            "minimum_age": min(ages) if ages else None,
            "assured_date": therapist.reviewed_on.isoformat() if therapist.reviewed_on else None,
            "last_modified": therapist.updated_at.isoformat(),
            "organization": organization(organisations[0]) if organisations else None,
        }
    )


def service(therapist):
    """The fully nested service, as in GET /services/{id}."""
    data = service_summary(therapist)
    service_id = data["id"]
    locations = [office_location(office, therapist.slug) for office in therapist.locations.all()]
    if therapist.offers_telehealth:
        locations.append(virtual_location(therapist, service_id))
    data.update(
        compact(
            {
                "phones": [phone(service_id, therapist.phone, "service_id")]
                if therapist.phone
                else [],
                "languages": [
                    {
                        "id": ids.child_id(service_id, "language", language.code),
                        "service_id": service_id,
                        "name": language.name,
                        "code": language.code,
                    }
                    for language in therapist.languages.all()
                ],
                "service_areas": [
                    {
                        "id": ids.child_id(service_id, "area", state.code),
                        "service_id": service_id,
                        "name": state.name,
                        "description": "Telehealth for people in this state",
                        "extent_type": "state",
                    }
                    for state in therapist.telehealth_states.all()
                ]
                if therapist.offers_telehealth
                else [],
                "service_at_locations": [
                    service_at_location(service_id, location) for location in locations
                ],
                "cost_options": cost_options(therapist, service_id),
                "attributes": [
                    attribute(service_id, term) for term in sources.listing_terms(therapist)
                ],
            }
        )
    )
    return data
