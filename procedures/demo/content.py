"""Demo library content, written for this project. Fictional county, realistic structure.

Each document is plain data; `builder.body_to_stream` explains the outline form of `body`.
"""

from procedures.roles import (
    ADMINISTRATORS,
    FIRE_APPROVERS,
    FIRE_STAFF,
    FOOTBALL_INTELLIGENCE,
    JOINT_OPERATIONS_PLANNING,
    POLICE_APPROVERS,
    POLICE_STAFF,
    POLICY_COORDINATOR,
    POLICY_OWNERS,
)

HOME_TITLE = "Joint Procedures Library"
HOME_INTRO = (
    "<p>Current operational policies and procedures for the police and the fire and "
    "rescue service, in one place. Search by any term either service uses.</p>"
)

DEMO_PASSWORD = "library-demo-2026"

USERS = [
    {"username": "admin", "first_name": "Alex", "last_name": "Admin",
     "groups": [ADMINISTRATORS], "superuser": True, "role": "Administrator"},
    {"username": "coordinator", "first_name": "Chris", "last_name": "Cole",
     "groups": [POLICY_COORDINATOR, JOINT_OPERATIONS_PLANNING, FOOTBALL_INTELLIGENCE],
     "role": "Policy coordinator"},
    {"username": "owner", "first_name": "Olu", "last_name": "Owens",
     "groups": [POLICY_OWNERS, FIRE_STAFF, JOINT_OPERATIONS_PLANNING],
     "role": "Policy owner (Head of Joint Operations)"},
    {"username": "police.approver", "first_name": "Priya", "last_name": "Patel",
     "groups": [POLICE_APPROVERS, POLICE_STAFF], "role": "Police approver"},
    {"username": "fire.approver", "first_name": "Finn", "last_name": "Fraser",
     "groups": [FIRE_APPROVERS, FIRE_STAFF], "role": "Fire approver"},
    {"username": "police.officer", "first_name": "Sam", "last_name": "Singh",
     "groups": [POLICE_STAFF], "role": "Police staff"},
    {"username": "firefighter", "first_name": "Jo", "last_name": "Jones",
     "groups": [FIRE_STAFF], "role": "Fire staff"},
    {"username": "planner", "first_name": "Pat", "last_name": "Price",
     "groups": [POLICE_STAFF, JOINT_OPERATIONS_PLANNING, FOOTBALL_INTELLIGENCE],
     "role": "Joint operations planner (cleared for OFFICIAL-SENSITIVE)"},
    {"username": "newjoiner", "first_name": "Nia", "last_name": "Newman",
     "groups": [FIRE_STAFF], "role": "New joiner"},
]  # fmt: skip

SECTIONS = [
    ("major-events", "Major events",
     "Planning and running large public events, from parades to festivals."),
    ("major-incidents", "Major incidents and emergency response",
     "Declaring and managing major incidents jointly, under JESIP."),
    ("football", "Football",
     "Match-day policing and fire safety at sports grounds, and football intelligence."),
    ("prevention", "Prevention and community protection",
     "Home fire safety, community safety partnerships and fire protection."),
    ("operational-policy", "Operational policy",
     "Day-to-day operational procedures for both services."),
    ("training", "Training", "Joint training, assessment and competence."),
    ("fleet-and-estates", "Fleet and estates",
     "Shared vehicle workshops, servicing and the joint estate."),
]  # fmt: skip

JOINT_OWNER = "Head of Joint Operations"

DOCUMENTS: list[dict] = [
    {
        "ref": "JOP-001",
        "title": "Declaring and managing a major incident",
        "section": "major-incidents",
        "service": "joint",
        "type": "procedure",
        "owner_role": JOINT_OWNER,
        "author": "Joint Operations Planning Team",
        "version": "3.1",
        "summary": (
            "How police and fire commanders declare a major incident, share a METHANE message "
            "and set up joint command under JESIP."
        ),
        "guidance": [
            ("legislation", "Civil Contingencies Act 2004"),
            ("jesip", "JESIP Joint Doctrine: the interoperability framework"),
        ],
        "related": ["JOP-002", "JOP-003"],
        "body": [
            ("h", "1", "Purpose"),
            (
                "p",
                "This procedure sets out how either service declares a major incident and "
                "how both then work together from the first minutes.",
            ),
            ("h", "2", "Declaring a major incident"),
            (
                "p",
                "Any commander of either service may declare a major incident. Do not wait "
                "for the other services to agree: declare early and stand down if needed.",
            ),
            (
                "steps",
                [
                    "Tell your control room that you are declaring a major incident.",
                    "Send a <b>METHANE</b> message (see section 3).",
                    "Agree a rendezvous point (RVP) and a forward command post (FCP).",
                    "Co-locate with the other services' commanders as soon as you can.",
                ],
            ),
            ("h", "3", "The METHANE message"),
            (
                "table",
                "The METHANE message",
                [
                    ["Letter", "Meaning", "What to say"],
                    ["M", "Major incident", "Declared, or on standby"],
                    ["E", "Exact location", "Grid reference, what3words or road and junction"],
                    ["T", "Type of incident", "For example road traffic collision, fire, flooding"],
                    ["H", "Hazards", "Present and potential"],
                    ["A", "Access", "Routes in and out, the RVP"],
                    ["N", "Number of casualties", "Type and severity"],
                    ["E", "Emergency services", "Present and required"],
                ],
            ),
            ("h", "4", "Command levels"),
            (
                "p",
                "Both services use strategic (gold), tactical (silver) and operational "
                "(bronze) command. The tactical commanders form the Tactical Co-ordinating "
                "Group (TCG); the Strategic Co-ordinating Group (SCG) is called through the "
                "Local Resilience Forum (LRF).",
            ),
            ("h", "4.1", "Joint Decision Model"),
            (
                "p",
                "Commanders use the Joint Decision Model (JDM) together, starting from "
                "shared situational awareness and a joint understanding of risk.",
            ),
            (
                "callout",
                "safety",
                "Cordons",
                "Nobody enters the inner cordon without the agreement of the fire incident "
                "commander and suitable PPE.",
            ),
        ],
    },
    {
        "ref": "JOP-002",
        "title": "Scene cordons at joint incidents",
        "section": "major-incidents",
        "service": "joint",
        "type": "action-card",
        "owner_role": JOINT_OWNER,
        "version": "1.2",
        "review": "overdue",
        "summary": "Setting and running inner and outer cordons at a shared scene.",
        "related": ["JOP-001"],
        "body": [
            ("h", "1", "Inner cordon"),
            (
                "p",
                "The inner cordon surrounds the immediate scene and its hazards. The fire "
                "and rescue service controls entry for safety; the police record who goes in.",
            ),
            (
                "check",
                "Before anyone enters the inner cordon",
                [
                    "Briefed on hazards",
                    "Wearing the right PPE",
                    "Logged in by the cordon officer",
                ],
            ),
            ("h", "2", "Outer cordon"),
            (
                "p",
                "The outer cordon secures the wider area and keeps the public away. Police "
                "control it; it contains the RVP, the marshalling area and the casualty "
                "clearing station.",
            ),
        ],
    },
    {
        "ref": "FRS-010",
        "title": "Breathing apparatus entry control",
        "section": "operational-policy",
        "service": "fire",
        "type": "procedure",
        "owner_role": "Area Manager, Operational Policy",
        "version": "4.0",
        "summary": "How crews start, record and close breathing apparatus (BA) entry control.",
        "guidance": [("nog", "National Operational Guidance: breathing apparatus")],
        "body": [
            ("h", "1", "Scope"),
            (
                "p",
                "Applies to every wearer of breathing apparatus and every entry control operative.",
            ),
            ("h", "2", "Starting entry control"),
            (
                "steps",
                [
                    "Nominate an entry control operative (ECO) before anyone starts up.",
                    "Set up the entry control board at the entry control point.",
                    "Collect each wearer's tally and record the time of entry and gauge pressure.",
                ],
            ),
            (
                "callout",
                "safety",
                "Low pressure warning",
                "A wearer whose whistle sounds must leave the risk area at once with their team.",
            ),
        ],
    },
    {
        "ref": "POL-021",
        "title": "Road traffic collision scene management",
        "section": "operational-policy",
        "service": "police",
        "type": "procedure",
        "owner_role": "Head of Roads Policing",
        "version": "2.0",
        "summary": "Police actions at a road traffic collision (RTC), from first arrival to "
        "reopening the road.",
        "body": [
            ("h", "1", "First officer at scene"),
            (
                "steps",
                [
                    "Make the scene safe: position the vehicle to protect the scene, lights on.",
                    "Assess casualties and request the ambulance and fire and rescue service.",
                    "Preserve evidence and identify witnesses.",
                ],
            ),
            ("h", "2", "Working with the fire and rescue service"),
            (
                "p",
                "Where people are trapped, the fire incident commander leads the extrication. "
                "Agree a joint plan before moving any vehicle.",
            ),
        ],
    },
    {
        "ref": "FBI-004",
        "title": "Football intelligence briefing for high-risk fixtures",
        "section": "football",
        "service": "police",
        "type": "procedure",
        "owner_role": "Football Intelligence Manager",
        "version": "1.1",
        "sensitive": True,
        "access": [FOOTBALL_INTELLIGENCE, JOINT_OPERATIONS_PLANNING],
        "summary": "Preparing and sharing the intelligence briefing for category C fixtures.",
        "body": [
            ("h", "1", "Fixture risk categories"),
            (
                "p",
                "The football intelligence officer grades each fixture and briefs the match "
                "commander and the Safety Advisory Group (SAG).",
            ),
            ("h", "2", "Handling the briefing"),
            (
                "p",
                "The briefing is OFFICIAL-SENSITIVE. Share it only with named dedicated "
                "football officers and commanders.",
            ),
        ],
    },
]
