"""Demo glossary: terms both services use, written for this project (see DOMAIN.md).

`load_demo_glossary()` is idempotent (keyed by term) and called by `build_demo_library()`."""

from __future__ import annotations

# (term, expansion, aliases, service, definition)
TERMS: list[tuple[str, str, str, str, str]] = [
    ("JESIP", "Joint Emergency Services Interoperability Principles", "joint doctrine", "joint",
     "How police, fire and ambulance work together: co-locate, communicate, co-ordinate, "
     "jointly understand risk, shared situational awareness."),
    ("JDM", "Joint Decision Model", "", "joint",
     "The shared model commanders use to reach and review decisions together."),
    ("METHANE", "major incident message", "M/ETHANE, ETHANE", "joint",
     "Major incident declared?, Exact location, Type, Hazards, Access, Number of casualties, "
     "Emergency services present and required."),
    ("Gold", "strategic command", "strategic, strategic commander", "joint",
     "The strategic level of command; sets the overall strategy."),
    ("Silver", "tactical command", "tactical, tactical commander", "joint",
     "The tactical level of command; plans how the strategy is delivered."),
    ("Bronze", "operational command", "operational commander", "joint",
     "The operational level of command; directs the work at the scene."),
    ("SCG", "Strategic Co-ordinating Group", "strategic coordinating group", "joint",
     "Multi-agency group that sets strategy during a major emergency."),
    ("TCG", "Tactical Co-ordinating Group", "tactical coordinating group", "joint",
     "Multi-agency group that co-ordinates the tactical response."),
    ("LRF", "Local Resilience Forum", "", "joint",
     "Partnership of Category 1 and 2 responders that plans for emergencies."),
    ("IC", "incident commander", "incident command", "fire",
     "The officer in overall command of the fire and rescue service at an incident."),
    ("FCP", "forward command post", "", "joint",
     "A command point close to the scene from which operations are directed."),
    ("RVP", "rendezvous point", "rendezvous", "joint",
     "Where arriving resources report before being sent forward."),
    ("cordon", "scene cordon", "cordons", "joint",
     "A controlled boundary around the scene; inner for the hazard area, outer for control."),
    ("CCS", "casualty clearing station", "", "joint",
     "Where casualties are assessed and treated before being taken to hospital."),
    ("RTC", "road traffic collision", "RTA, road traffic accident", "joint",
     "A collision involving vehicles on a road; RTA is the older name police still use."),
    ("CBRN", "chemical, biological, radiological, nuclear", "CBRNE", "joint",
     "Incidents involving hazardous materials used or released deliberately or accidentally."),
    ("HazMat", "hazardous materials", "hazardous substances, dangerous substances", "fire",
     "Substances that can harm people or the environment if released."),
    ("MTA", "marauding terrorist attack", "", "joint",
     "A fast-moving attack by one or more attackers moving between locations."),
    ("USAR", "urban search and rescue", "", "fire",
     "Locating and rescuing people from collapsed structures."),
    ("BA", "breathing apparatus", "", "fire",
     "Self-contained air supply worn by firefighters in irrespirable atmospheres."),
    ("BAECO", "breathing apparatus entry control officer", "entry control officer, ECO", "fire",
     "The firefighter who controls and records entry of BA wearers."),
    ("PPE", "personal protective equipment", "protective clothing", "joint",
     "Clothing and equipment that protects the wearer from hazards."),
    ("SAG", "Safety Advisory Group", "", "joint",
     "Multi-agency group that advises on safety at events and sports grounds."),
    ("FBO", "football banning order", "banning order", "police",
     "A court order that prevents a person from attending regulated football matches."),
    ("DFO", "dedicated football officer", "football liaison officer", "police",
     "A police officer who works with a club and its supporters on match days."),
    ("FRS", "fire and rescue service", "fire service, fire brigade", "fire",
     "The fire and rescue service of the county."),
    ("NFCC", "National Fire Chiefs Council", "", "fire",
     "The professional voice of the UK fire and rescue service."),
    ("PFCC", "Police, Fire and Crime Commissioner", "PCC, Police and Crime Commissioner", "joint",
     "The elected person who holds both services to account."),
    ("HMICFRS", "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services",
     "inspectorate", "joint", "The inspectorate for police forces and fire services."),
    ("JOL", "Joint Organisational Learning", "lessons learned", "joint",
     "The national arrangement for sharing lessons from incidents."),
    ("APP", "Authorised Professional Practice", "", "police",
     "The College of Policing's official source of professional practice."),
    ("NOG", "National Operational Guidance", "", "fire",
     "The NFCC's guidance for fire and rescue operations."),
    ("OIC", "officer in charge", "officer in the case", "police",
     "The officer responsible for an incident or investigation."),
    ("SIO", "senior investigating officer", "", "police",
     "The detective in charge of a major investigation."),
    ("PolSA", "police search adviser", "police search advisor", "police",
     "An officer trained to plan and manage police searches."),
    ("CRR", "community risk register", "", "joint",
     "The LRF's published assessment of the risks facing the area."),
    ("HFSV", "home fire safety visit", "safe and well visit, home safety check", "fire",
     "A visit to give fire safety advice and fit smoke alarms."),
    ("control room", "emergency control room", "fire control, force control room, control",
     "joint", "Where emergency calls are taken and resources mobilised."),
    ("firefighter", "fire fighter", "fireman, crew member", "fire",
     "A member of fire and rescue operational staff."),
    ("officer", "police officer", "constable, PC", "police",
     "A sworn member of the police service."),
    ("evacuation", "evacuate", "evacuation plan, stadium evacuation", "joint",
     "Moving people away from danger to a place of safety."),
    ("lockdown", "invacuation", "shelter in place, stadium lockdown", "joint",
     "Keeping people inside a building or ground for their safety."),
    ("wildfire", "wildland fire", "grass fire, heath fire, moorland fire", "fire",
     "An uncontrolled fire in vegetation."),
    ("water rescue", "flood rescue", "swift water rescue", "fire",
     "Rescue of people from water or flooding."),
    ("casualty", "casualties", "injured person, patient", "joint",
     "A person injured or killed at an incident."),
]  # fmt: skip


def load_demo_glossary() -> int:
    """Create missing demo terms; returns how many were created."""
    from django.db import transaction

    from .models import GlossaryTerm

    created = 0
    with transaction.atomic():
        existing = set(GlossaryTerm.objects.values_list("term", flat=True))
        for term, expansion, aliases, service, definition in TERMS:
            if term in existing:
                continue
            GlossaryTerm.objects.create(
                term=term,
                expansion=expansion,
                aliases=aliases,
                service=service,
                definition=definition,
            )
            created += 1
    return created
