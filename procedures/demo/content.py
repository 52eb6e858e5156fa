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
    {"username": "police.approver.cleared", "first_name": "Rhys", "last_name": "Reed",
     "groups": [POLICE_APPROVERS, POLICE_STAFF, JOINT_OPERATIONS_PLANNING, FOOTBALL_INTELLIGENCE],
     "role": "Police approver (cleared for OFFICIAL-SENSITIVE)"},
    {"username": "fire.approver.cleared", "first_name": "Gwen", "last_name": "Green",
     "groups": [FIRE_APPROVERS, FIRE_STAFF, JOINT_OPERATIONS_PLANNING],
     "role": "Fire approver (cleared for Joint Operations Planning documents)"},
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
        "related": ["JOP-002", "JOP-003", "JOP-017", "JOP-021"],
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
            ("h", "5", "Standing down and recovery"),
            (
                "p",
                "The commander who declared the major incident may stand it down once every "
                "service agrees that the emergency phase is over. Recovery is led by the "
                "local authority through a Recovery Co-ordinating Group.",
            ),
            (
                "check",
                "Before standing down",
                [
                    "All casualties accounted for and handed over",
                    "Scene handed to the police or the owner",
                    "Every service's resources released and logged",
                    "Hot debrief held; structured debrief booked (see JOP-016)",
                ],
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
        "related": ["TRN-004", "FRS-012"],
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
            ("h", "3", "Running entry control"),
            ("h", "3.1", "Time of whistle"),
            (
                "p",
                "The ECO works out each team's time of whistle from the lowest cylinder "
                "pressure and writes it on the board. If a team has not come out ten minutes "
                "after its time of whistle, the ECO starts the emergency procedure.",
            ),
            (
                "table",
                "Entry control stages",
                [
                    ["Stage", "When", "Entry control"],
                    ["Stage 1", "One entry point, up to 4 teams", "One ECO with a board"],
                    [
                        "Stage 2",
                        "More teams or entry points",
                        "Entry control point with sector commander and BA emergency team",
                    ],
                ],
            ),
            ("h", "4", "Closing entry control"),
            (
                "steps",
                [
                    "Return each tally to its wearer as the team leaves the risk area.",
                    "Record the time out and the remaining cylinder pressure.",
                    "Close the board only when every tally has been returned.",
                ],
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
        "guidance": [("app", "College of Policing APP: road policing")],
        "related": ["FRS-011"],
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
            ("h", "3", "Serious and fatal collisions"),
            (
                "p",
                "Where anyone is killed or seriously injured, treat the scene as a crime "
                "scene: call the roads policing collision investigator and keep vehicles "
                "where they came to rest unless moving them saves life.",
            ),
            ("h", "4", "Reopening the road"),
            (
                "check",
                "Before the road reopens",
                [
                    "Collision investigator has finished",
                    "Vehicles recovered and debris cleared",
                    "Fuel and oil spills treated by the highways authority",
                    "Road surface and signs checked by the highways authority",
                ],
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
        "related": ["FBL-002"],
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
            ("h", "3", "Contents of the briefing"),
            (
                "ul",
                [
                    "Risk groups of both clubs and their recent behaviour.",
                    "Travel plans of away supporters, including planned meeting points.",
                    "People subject to football banning orders expected to travel.",
                    "Community tension and any protest planned around the fixture.",
                ],
            ),
            ("h", "4", "Briefing timetable"),
            (
                "table",
                "When the briefing is produced",
                [
                    ["When", "What", "To whom"],
                    ["Four weeks before", "Initial assessment and category", "Match commander"],
                    ["One week before", "Full briefing", "Commanders and SAG police member"],
                    [
                        "Match day",
                        "Update on travel and risk groups",
                        "Dedicated football officers",
                    ],
                ],
            ),
        ],
    },
    # ---------------------------------------------------------------- major events
    {
        "ref": "JOP-010",
        "title": "Planning for major public events",
        "section": "major-events",
        "service": "joint",
        "type": "policy",
        "owner_role": JOINT_OWNER,
        "author": "Joint Operations Planning Team",
        "version": "2.0",
        "summary": (
            "What both services commit to when a large public event is planned in the county: "
            "early involvement through the Safety Advisory Group (SAG), one joint plan and a "
            "proportionate level of cover."
        ),
        "guidance": [
            ("legislation", "Civil Contingencies Act 2004"),
            ("other", "The Purple Guide to health, safety and welfare at music and other events"),
            ("app", "College of Policing APP: public order and public safety"),
        ],
        "related": ["JOP-011", "JOP-015", "FBL-003"],
        "body": [
            ("h", "1", "Policy statement"),
            (
                "p",
                "The police and the fire and rescue service plan together for every event "
                "that could affect public safety, stretch local resources or disrupt the "
                "county. The organiser stays responsible for the safety of the event; our "
                "role is to advise, to challenge and to be ready to respond.",
            ),
            ("h", "2", "Which events this policy covers"),
            (
                "table",
                "Event tiers and what each needs",
                [
                    ["Tier", "Typical event", "Joint planning needed"],
                    [
                        "1",
                        "Village fete, small charity run",
                        "Advice only, through the local station",
                    ],
                    [
                        "2",
                        "Town carnival, county show, large concert",
                        "SAG review and a joint plan",
                    ],
                    [
                        "3",
                        "Festival over 10,000, royal visit, national sporting event",
                        "Full command structure, joint plan signed off by both services",
                    ],
                ],
            ),
            ("h", "3", "The Safety Advisory Group"),
            (
                "p",
                "Each district council convenes a Safety Advisory Group (SAG). The SAG is "
                "advisory: it has no powers of its own, but its members use their own powers "
                "where an event is unsafe.",
            ),
            ("h", "3.1", "Who attends for each service"),
            (
                "ul",
                [
                    "Police: the events planning officer for the area, or the "
                    "Joint Operations Planning Team for tier 3 events.",
                    "Fire and rescue: the station manager for the area and, where temporary "
                    "structures or large crowds are planned, a fire protection officer.",
                ],
            ),
            ("h", "3.2", "What we review"),
            (
                "check",
                "SAG review of an event management plan",
                [
                    "Crowd capacity and how it was calculated",
                    "Emergency access routes and rendezvous points",
                    "Fire risk assessment for temporary structures and catering",
                    "Stewarding numbers, briefing and radio plan",
                    "Medical cover and casualty plan",
                    "Traffic management plan and road closures",
                ],
            ),
            ("h", "4", "Planning timeline"),
            (
                "steps",
                [
                    "Notification received: enter the event on the joint events calendar.",
                    "At least 12 weeks before a tier 3 event: first joint planning meeting.",
                    "Six weeks before: draft joint operational plan circulated.",
                    "Two weeks before: plan signed off by both services' tactical commanders.",
                    "After the event: joint debrief and lessons recorded through JOL.",
                ],
            ),
            (
                "callout",
                "note",
                "Charging for services",
                "Special police services may be charged for under the Police Act 1996. Fire "
                "cover at commercial events is arranged and charged through the fire service's "
                "commercial services team.",
            ),
        ],
    },
    {
        "ref": "JOP-011",
        "title": "Command and briefing for pre-planned events",
        "section": "major-events",
        "service": "joint",
        "type": "procedure",
        "owner_role": JOINT_OWNER,
        "version": "1.3",
        "summary": (
            "Setting up joint gold, silver and bronze command for a pre-planned event, "
            "briefing staff of both services and running the event control room."
        ),
        "guidance": [("jesip", "JESIP Joint Doctrine: the interoperability framework")],
        "related": ["JOP-010", "JOP-015"],
        "body": [
            ("h", "1", "Command structure"),
            (
                "p",
                "Pre-planned events use the same strategic, tactical and operational levels "
                "as spontaneous incidents. For a tier 3 event both services appoint a gold "
                "(strategic) and a silver (tactical) commander; bronze (operational) "
                "commanders are given geographic or functional areas.",
            ),
            (
                "table",
                "Joint event command roles",
                [
                    ["Level", "Police", "Fire and rescue"],
                    ["Strategic (gold)", "Superintendent or above", "Group manager or above"],
                    ["Tactical (silver)", "Inspector or chief inspector", "Station manager"],
                    [
                        "Operational (bronze)",
                        "Sergeant or inspector by sector",
                        "Watch manager by sector",
                    ],
                ],
            ),
            ("h", "2", "Briefing"),
            ("h", "2.1", "Joint briefing"),
            (
                "p",
                "Hold one joint briefing for commanders of both services. Use the IIMARCH "
                "format so everyone hears the same plan in the same order.",
            ),
            (
                "table",
                "IIMARCH briefing headings",
                [
                    ["Heading", "Covers"],
                    ["Information", "The event, the venue, expected crowd"],
                    ["Intent", "What we are trying to achieve and why"],
                    ["Method", "How: deployments, sectors, contingencies"],
                    ["Administration", "Timings, meals, welfare, kit"],
                    ["Risk assessment", "Hazards and control measures"],
                    ["Communications", "Talkgroups, call signs, control room"],
                    ["Humanitarian issues", "Vulnerable people, lost children, welfare"],
                ],
            ),
            ("h", "2.2", "Briefing staff on the ground"),
            (
                "p",
                "Bronze commanders brief their own teams from the joint briefing. Record "
                "attendance; anyone who missed the briefing is briefed before deployment.",
            ),
            ("h", "3", "Event control room"),
            (
                "steps",
                [
                    "Open the event control room at least one hour before gates open.",
                    "Confirm radio checks with every sector and with both control rooms.",
                    "Keep one shared decision log for the event; each commander signs "
                    "their own decisions.",
                    "Close the control room only when the silver commanders of both "
                    "services agree the event is over.",
                ],
            ),
            ("h", "4", "Debrief"),
            (
                "p",
                "A hot debrief is held the same day. A structured joint debrief follows "
                "within 28 days and its lessons go to Joint Organisational Learning (JOL).",
            ),
        ],
    },
    {
        "ref": "JOP-012",
        "title": "VIP and royal visits: protective security planning",
        "section": "major-events",
        "service": "police",
        "type": "procedure",
        "owner_role": "Head of Protective Services",
        "version": "2.2",
        "sensitive": True,
        "access": [JOINT_OPERATIONS_PLANNING],
        "summary": (
            "Planning the joint police and fire response to visits by members of the Royal "
            "Family, ministers and other protected persons, including venue searches and "
            "fire cover at the venue."
        ),
        "guidance": [("app", "College of Policing APP: protective security (restricted)")],
        "related": ["JOP-011"],
        "body": [
            ("h", "1", "Notification of a VIP visit"),
            (
                "p",
                "Notice of a VIP visit reaches the force through the protection command. "
                "Details are shared only with staff who need them to plan the visit; dates, "
                "routes and timings are never put on open calendars.",
            ),
            ("h", "2", "Reconnaissance and venue security"),
            (
                "steps",
                [
                    "Visit plan opened by the Joint Operations Planning Team.",
                    "Reconnaissance of the venue with the venue's own security manager.",
                    "Search plan agreed with the police search adviser (PolSA).",
                    "Fire protection officer checks the venue's fire risk assessment and "
                    "evacuation routes for the visit layout.",
                    "Route and contingency hospital confirmed.",
                ],
            ),
            ("h", "3", "Fire cover"),
            (
                "p",
                "The fire and rescue service places an appliance on standby near the venue "
                "for the duration of the visit and agrees a covert rendezvous point with "
                "the police. Crews are briefed on the visit only on the day.",
            ),
            (
                "callout",
                "warning",
                "Handling",
                "This document and every visit plan is OFFICIAL-SENSITIVE. Do not discuss VIP "
                "visits on open radio talkgroups or by personal phone.",
            ),
        ],
    },
    {
        "ref": "JOP-013",
        "title": "Bonfire night and firework displays: fire safety advice",
        "section": "major-events",
        "service": "fire",
        "type": "guidance",
        "owner_role": "Head of Prevention",
        "version": "1.0",
        "review": "due-soon",
        "due_in_days": 25,
        "summary": (
            "Advice crews and prevention staff give to organisers of bonfires and firework "
            "displays, and how the seasonal bonfire period is staffed."
        ),
        "guidance": [
            ("legislation", "Fireworks Regulations 2004"),
            ("other", "HSE guidance: giving your own firework display"),
        ],
        "related": ["PCP-004"],
        "body": [
            ("h", "1", "Organised displays"),
            (
                "p",
                "Encourage people to go to organised displays rather than hold their own. "
                "Organised displays above tier 1 size go to the SAG.",
            ),
            (
                "check",
                "Display site checks",
                [
                    "Safety distance from the firing area to spectators marked out",
                    "Bonfire built away from buildings, trees and overhead cables",
                    "No petrol or paraffin used to light the bonfire",
                    "Fireworks stored in a closed metal box until used",
                    "First aid and water or extinguishers on site",
                ],
            ),
            ("h", "2", "Unplanned bonfires"),
            (
                "p",
                "Waste piled up for bonfires in the weeks before 5 November is an arson risk. "
                "Report it to the local authority for removal and tell the police "
                "neighbourhood team.",
            ),
            ("h", "3", "The bonfire period"),
            (
                "table",
                "Seasonal staffing",
                [
                    ["Dates", "Fire", "Police"],
                    [
                        "31 October",
                        "Extra crewing in hot-spot areas",
                        "Dispersal plans for known sites",
                    ],
                    [
                        "5 November",
                        "All appliances available, no routine training",
                        "Joint patrols",
                    ],
                    ["Nearest weekend", "As 5 November", "As 5 November"],
                ],
            ),
            (
                "callout",
                "safety",
                "Attacks on crews",
                "Where crews are attacked with fireworks, withdraw to a safe place, request police "
                "and do not return until it is safe. Report every attack.",
            ),
        ],
    },
    {
        "ref": "JOP-014",
        "title": "Music festivals and camping events: fire cover and welfare",
        "section": "major-events",
        "service": "joint",
        "type": "guidance",
        "owner_role": JOINT_OWNER,
        "version": "1.1",
        "summary": (
            "Joint advice on multi-day festivals with camping: fire spread between tents, "
            "on-site fire cover, drug-related harm and safeguarding of young people."
        ),
        "related": ["JOP-010", "PCP-002"],
        "body": [
            ("h", "1", "Fire risks at campsites"),
            (
                "p",
                "Tents packed closely together can burn quickly. Gas cylinders, disposable "
                "barbecues and generators add to the risk.",
            ),
            ("h", "1.1", "Campsite layout"),
            (
                "ul",
                [
                    "Fire breaks of at least 6 metres between blocks of tents.",
                    "Fire points with extinguishers and an alarm at regular intervals.",
                    "Vehicle access lanes kept clear for fire appliances.",
                ],
            ),
            ("h", "2", "On-site fire cover"),
            (
                "p",
                "The organiser provides on-site fire cover suited to the risk; the fire and "
                "rescue service agrees its level through the SAG and tells the on-site team "
                "where the nearest appliance will come from.",
            ),
            ("h", "3", "Welfare and safeguarding"),
            (
                "p",
                "Police and welfare staff agree a safe place for lost or vulnerable people "
                "and a route for safeguarding referrals (see PCP-002).",
            ),
            ("h", "4", "Daily checks during the event"),
            (
                "check",
                "Campsite fire safety round",
                [
                    "Fire breaks still clear of tents and vehicles",
                    "Fire points complete and alarms working",
                    "Gas cylinders stored upright and away from tents",
                    "Access lanes passable for a fire appliance",
                ],
            ),
        ],
    },
    {
        "ref": "JOP-015",
        "title": "Event control room: first hour action card",
        "section": "major-events",
        "service": "joint",
        "type": "action-card",
        "owner_role": JOINT_OWNER,
        "version": "1.0",
        "summary": "What the silver commanders do in the first hour after opening an event "
        "control room.",
        "related": ["JOP-011"],
        "body": [
            ("h", "1", "Opening the event control room"),
            (
                "steps",
                [
                    "Sign in to the event log with your role and call sign.",
                    "Check the CCTV feeds and the crowd counting system are working.",
                    "Radio check with every sector, stewards' control and both control rooms.",
                    "Confirm the emergency access routes are clear.",
                    "Confirm the evacuation messages are loaded in the public address system.",
                ],
            ),
            ("h", "2", "Before gates open"),
            (
                "check",
                "Before gates open",
                [
                    "Medical team in position",
                    "Lost children point staffed",
                    "Fire cover in position",
                    "Traffic management in place",
                ],
            ),
        ],
    },
    # ---------------------------------------------------------------- major incidents
    {
        "ref": "JOP-003",
        "title": "Marauding terrorist attack (MTA): joint response",
        "section": "major-incidents",
        "service": "joint",
        "type": "procedure",
        "owner_role": JOINT_OWNER,
        "author": "Joint Operations Planning Team",
        "version": "2.1",
        "sensitive": True,
        "access": [JOINT_OPERATIONS_PLANNING],
        "summary": (
            "The first response of police and fire specialist responders to a marauding "
            "terrorist attack (MTA): hot, warm and cold zones, casualty care and joint command."
        ),
        "guidance": [
            ("jesip", "JESIP Joint Operating Principles for MTA (restricted)"),
            ("nog", "National Operational Guidance: terrorist attacks"),
        ],
        "related": ["JOP-001", "JOP-005", "POL-022"],
        "body": [
            ("h", "1", "Recognising an MTA"),
            (
                "p",
                "An MTA is a fast-moving attack in which attackers move through a place "
                "looking for more victims, using firearms, bladed weapons, vehicles or fire. "
                "Any control room that suspects an MTA tells the others at once.",
            ),
            ("h", "2", "Zones"),
            (
                "table",
                "Operational zones at an MTA",
                [
                    ["Zone", "Meaning", "Who may enter"],
                    ["Hot", "Direct and immediate threat to life", "Armed police only"],
                    [
                        "Warm",
                        "Area cleared by armed police but not yet secure",
                        "Fire specialist responders with ballistic PPE, escorted",
                    ],
                    ["Cold", "Area of no known threat", "All responders"],
                ],
            ),
            ("h", "3", "Fire and rescue specialist responders"),
            (
                "steps",
                [
                    "Go to the RVP given by fire control, never straight to the scene.",
                    "Report to the fire tactical adviser; don ballistic PPE.",
                    "Enter the warm zone only with an armed police escort.",
                    "Give immediate casualty care and move casualties to the casualty "
                    "collection point.",
                ],
            ),
            ("h", "4", "Joint command"),
            (
                "p",
                "Police hold primacy. Commanders co-locate at the FCP as soon as the threat "
                "allows, share a METHANE message and use the JDM together.",
            ),
            (
                "callout",
                "safety",
                "Secondary devices",
                "Assume secondary devices or attackers may be present. Do not use radios or "
                "phones within 15 metres of a suspicious item.",
            ),
        ],
    },
    {
        "ref": "JOP-004",
        "title": "CBRN(E) incidents: initial operational response",
        "section": "major-incidents",
        "service": "joint",
        "type": "procedure",
        "owner_role": JOINT_OWNER,
        "version": "1.4",
        "review": "overdue",
        "overdue_days": 80,
        "summary": (
            "How the first crews and officers respond to a suspected chemical, biological, "
            "radiological, nuclear or explosive (CBRN(E)) release: Remove, Remove, Remove and "
            "improvised decontamination."
        ),
        "guidance": [
            ("jesip", "JESIP: initial operational response to a CBRN incident"),
            ("nog", "National Operational Guidance: hazardous materials"),
        ],
        "related": ["JOP-006", "JOP-005"],
        "body": [
            ("h", "1", "Signs of a CBRN(E) release"),
            (
                "p",
                "Suspect a deliberate release when several people collapse or show the same "
                "symptoms for no clear reason: streaming eyes, breathing difficulty, "
                "vomiting, or a strange smell or mist.",
            ),
            ("h", "2", "The STEP 1-2-3 safety triggers"),
            (
                "table",
                "STEP 1-2-3",
                [
                    ["Casualties", "Action"],
                    ["One", "Approach using normal procedures"],
                    ["Two", "Approach with caution, report on arrival"],
                    ["Three or more", "Do not approach; report and withdraw, consider CBRN(E)"],
                ],
            ),
            ("h", "3", "Remove, Remove, Remove"),
            (
                "steps",
                [
                    "Remove yourself and others from the area, upwind and uphill.",
                    "Remove outer clothing carefully, without pulling it over the head.",
                    "Remove the substance from the skin with dry material, then rinse "
                    "with water if the substance is caustic.",
                ],
            ),
            ("h", "4", "Decontamination"),
            ("h", "4.1", "Improvised decontamination"),
            (
                "p",
                "Before specialist units arrive, crews set up improvised dry or wet "
                "decontamination using hose reel jets and the resources on the appliance.",
            ),
            ("h", "4.2", "Mass decontamination"),
            (
                "p",
                "The fire and rescue service sets up mass decontamination units in the "
                "cold zone; the police run the cordons and record everyone decontaminated.",
            ),
            (
                "callout",
                "safety",
                "Do not become a casualty",
                "Never enter the hazard area without the right PPE and respiratory protection.",
            ),
            ("h", "4.2.1", "Registering people decontaminated"),
            (
                "p",
                "Police officers record the name, address and contact number of everyone who "
                "goes through decontamination, and the time, so that public health can follow "
                "them up.",
            ),
        ],
    },
    {
        "ref": "JOP-005",
        "title": "Casualty clearing and triage at joint scenes",
        "section": "major-incidents",
        "service": "joint",
        "type": "guidance",
        "owner_role": JOINT_OWNER,
        "version": "1.0",
        "summary": (
            "Where casualties are collected, triaged and handed to the ambulance service at a "
            "major incident, and what police and fire staff do to help."
        ),
        "guidance": [("jesip", "JESIP Joint Doctrine: the interoperability framework")],
        "related": ["JOP-001", "JOP-002"],
        "body": [
            ("h", "1", "Casualty collection point and casualty clearing station"),
            (
                "p",
                "Casualties are carried from the scene to a casualty collection point, then "
                "to the casualty clearing station in the outer cordon, where the ambulance "
                "service triages and treats them before taking them to hospital.",
            ),
            ("h", "2", "Triage categories"),
            (
                "table",
                "Triage priorities",
                [
                    ["Priority", "Meaning", "Label colour"],
                    ["P1", "Immediate: life-saving treatment needed now", "Red"],
                    ["P2", "Urgent: treatment needed within hours", "Yellow"],
                    ["P3", "Delayed: walking wounded", "Green"],
                    ["Dead", "Confirmed dead; leave in place for the police", "White or black"],
                ],
            ),
            ("h", "3", "How police and fire staff help"),
            (
                "ul",
                [
                    "Carry casualties on the ambulance service's instruction.",
                    "Record the names of casualties leaving the scene (police casualty bureau).",
                    "Keep the route from the scene to the casualty clearing station clear.",
                ],
            ),
        ],
    },
    {
        "ref": "JOP-006",
        "title": "Hazardous materials (HazMat) incidents",
        "section": "major-incidents",
        "service": "fire",
        "type": "procedure",
        "owner_role": "Area Manager, Operational Policy",
        "version": "3.0",
        "summary": (
            "Identifying hazardous materials from placards and the Hazchem code, setting "
            "initial cordons and calling the hazardous materials adviser (HMA)."
        ),
        "guidance": [
            ("nog", "National Operational Guidance: hazardous materials"),
            ("legislation", "Carriage of Dangerous Goods Regulations 2009"),
        ],
        "related": ["JOP-004"],
        "body": [
            ("h", "1", "Identifying the substance"),
            ("h", "1.1", "Vehicle placards"),
            (
                "p",
                "Tankers carry a Hazchem plate with the emergency action code, the UN "
                "number and a specialist advice phone number. Read it from a distance with "
                "binoculars; do not approach to read it.",
            ),
            ("h", "1.2", "Fixed sites"),
            (
                "p",
                "Premises that store large amounts of dangerous substances have site-specific "
                "risk information on the mobile data terminal.",
            ),
            ("h", "2", "Initial cordon distances"),
            (
                "table",
                "Initial cordons before the substance is known",
                [
                    ["Situation", "Initial cordon"],
                    ["Small spill, no fire", "50 metres"],
                    ["Large spill or leak", "100 metres"],
                    ["Fire involving hazardous materials", "250 metres and evacuate downwind"],
                ],
            ),
            ("h", "3", "Specialist advice"),
            (
                "steps",
                [
                    "Ask control to page the hazardous materials adviser (HMA).",
                    "Contact the product's emergency number from the placard.",
                    "Tell the police the cordon distance and the wind direction.",
                ],
            ),
            (
                "callout",
                "safety",
                "Approach",
                "Approach from upwind and uphill. Keep vehicles and people out of any vapour "
                "cloud.",
            ),
        ],
    },
    {
        "ref": "JOP-007",
        "title": "Urban search and rescue (USAR) at building collapse",
        "section": "major-incidents",
        "service": "fire",
        "type": "procedure",
        "owner_role": "Area Manager, Operational Policy",
        "version": "1.2",
        "summary": (
            "Requesting urban search and rescue (USAR) teams, making a collapsed structure safe "
            "and searching it, and how the police support the search."
        ),
        "guidance": [
            ("nog", "National Operational Guidance: search and rescue (structural collapse)")
        ],
        "related": ["JOP-001"],
        "body": [
            ("h", "1", "When to request USAR"),
            (
                "p",
                "Request a USAR team for any collapse where people may be trapped and local "
                "crews cannot reach them safely: gas explosions, vehicles into buildings, "
                "structural failure.",
            ),
            ("h", "2", "Phases of a collapse rescue"),
            (
                "table",
                "USAR phases",
                [
                    ["Phase", "Work"],
                    ["1 Reconnaissance", "Assess the structure, hazards and likely voids"],
                    ["2 Surface rescue", "Rescue people who are visible and easy to reach"],
                    [
                        "3 Void search",
                        "Search likely voids with cameras, listening devices and dogs",
                    ],
                    ["4 Selected debris removal", "Remove debris by hand at likely locations"],
                    ["5 General debris removal", "Removal by machine once nobody can be alive"],
                ],
            ),
            ("h", "3", "Police support"),
            (
                "p",
                "The police hold the outer cordon, trace people who may have been inside and "
                "manage family liaison. The site is also a possible crime scene.",
            ),
            (
                "callout",
                "safety",
                "Secondary collapse",
                "Appoint a safety officer to watch for movement. Agree an evacuation signal "
                "(three short blasts) before anyone enters a void.",
            ),
        ],
    },
    {
        "ref": "JOP-008",
        "title": "Water and flood rescue",
        "section": "major-incidents",
        "service": "fire",
        "type": "procedure",
        "owner_role": "Area Manager, Operational Policy",
        "version": "2.0",
        "review": "overdue",
        "overdue_days": 30,
        "summary": (
            "Rescuing people from rivers, lakes and flood water: the rescue hierarchy, water "
            "rescue teams and boats, and police search of water."
        ),
        "guidance": [
            ("nog", "National Operational Guidance: water rescue and flooding"),
            ("other", "Defra flood rescue concept of operations"),
        ],
        "related": ["PCP-006"],
        "body": [
            ("h", "1", "The rescue hierarchy"),
            ("p", "Use the safest method that will work, in this order:"),
            (
                "table",
                "Talk, reach, throw, wade, row, go",
                [
                    ["Method", "Example"],
                    ["Talk", "Tell the person how to help themselves"],
                    ["Reach", "Pole or branch from the bank"],
                    ["Throw", "Throw line or buoyancy aid"],
                    ["Wade", "Trained crew in shallow, slow water only"],
                    ["Row", "Boat crewed by a water rescue team"],
                    ["Go", "Swimming rescue by a trained technician: last resort"],
                ],
            ),
            ("h", "2", "First crews at scene"),
            (
                "steps",
                [
                    "Keep a safe distance from the water's edge; wear a personal flotation "
                    "device within 3 metres of water.",
                    "Post an upstream spotter to watch for debris.",
                    "Request the water rescue team and a boat if the person cannot be "
                    "reached from the bank.",
                ],
            ),
            ("h", "3", "Flooding"),
            (
                "p",
                "In widespread flooding the fire and rescue service leads rescue; the "
                "police lead evacuation and the LRF may open rest centres.",
            ),
            (
                "callout",
                "safety",
                "Moving water",
                "Fifteen centimetres of fast water can knock an adult over. Never enter moving "
                "water without a dry suit, helmet and a trained team.",
            ),
        ],
    },
    {
        "ref": "JOP-009",
        "title": "Wildfire response",
        "section": "major-incidents",
        "service": "fire",
        "type": "procedure",
        "owner_role": "Area Manager, Operational Policy",
        "version": "1.1",
        "review": "due-soon",
        "due_in_days": 40,
        "summary": (
            "Attacking heathland, moorland and grass fires: wildfire tactical advisers, "
            "firebreaks, working with landowners and police road closures."
        ),
        "guidance": [("nog", "National Operational Guidance: wildfires")],
        "related": ["PCP-004"],
        "body": [
            ("h", "1", "Size-up"),
            (
                "p",
                "Note the fuel, the slope, the wind and where the fire is heading. Ask "
                "control for the fire severity index and a wildfire tactical adviser.",
            ),
            ("h", "2", "Tactics"),
            ("h", "2.1", "Direct attack"),
            ("p", "Beaters, knapsack sprayers and hose lines on the flank of small, slow fires."),
            ("h", "2.2", "Indirect attack"),
            (
                "p",
                "Firebreaks cut by the landowner's machines, or backburning by trained "
                "staff only, ahead of a fast fire.",
            ),
            ("h", "3", "Police role"),
            (
                "ul",
                [
                    "Close roads where smoke reduces visibility.",
                    "Warn and, if necessary, evacuate nearby homes and campsites.",
                    "Investigate deliberate ignition with the fire investigation team.",
                ],
            ),
            (
                "callout",
                "safety",
                "LACES",
                "Every crew on a wildfire has Lookouts, Awareness, Communications, Escape routes "
                "and Safety zones before starting work.",
            ),
            ("h", "4", "Weight of attack"),
            (
                "table",
                "Initial attendance by wildfire size",
                [
                    ["Size", "Initial attendance", "Also request"],
                    ["Under 1 hectare", "Two appliances", "Landowner contact"],
                    ["1 to 10 hectares", "Four appliances and a 4x4", "Wildfire tactical adviser"],
                    ["Over 10 hectares", "Six appliances", "Police road closures; LRF informed"],
                ],
            ),
        ],
    },
    {
        "ref": "JOP-016",
        "title": "Joint Organisational Learning (JOL): debriefs and lessons",
        "section": "major-incidents",
        "service": "joint",
        "type": "policy",
        "owner_role": JOINT_OWNER,
        "version": "1.0",
        "summary": (
            "How both services capture lessons from incidents, events and exercises, share "
            "them through Joint Organisational Learning (JOL) and change what they do."
        ),
        "guidance": [("jesip", "JESIP: Joint Organisational Learning (JOL Online)")],
        "related": ["JOP-011", "TRN-005"],
        "body": [
            ("h", "1", "Policy statement"),
            (
                "p",
                "We learn from every major incident, major event and exercise, whether it "
                "went well or badly, and we act on what we learn.",
            ),
            ("h", "2", "Debriefs"),
            (
                "table",
                "Kinds of debrief",
                [
                    ["Debrief", "When", "Led by"],
                    ["Hot debrief", "Before crews leave the scene", "Incident commander"],
                    ["Structured debrief", "Within 28 days", "Joint Operations Planning Team"],
                    ["Multi-agency debrief", "Within 3 months of a major incident", "LRF"],
                ],
            ),
            ("h", "3", "Recording and sharing lessons"),
            (
                "steps",
                [
                    "Record each lesson as an observation with a proposed action.",
                    "The joint learning group meets monthly and agrees an owner for each action.",
                    "Lessons of national interest are submitted to JOL Online.",
                    "Procedures changed as a result are marked as such in the version history.",
                ],
            ),
        ],
    },
    {
        "ref": "JOP-017",
        "title": "Convening the Strategic and Tactical Co-ordinating Groups",
        "section": "major-incidents",
        "service": "joint",
        "type": "procedure",
        "owner_role": JOINT_OWNER,
        "version": "2.0",
        "summary": (
            "When and how a Strategic Co-ordinating Group (SCG) or Tactical Co-ordinating "
            "Group (TCG) is called through the Local Resilience Forum (LRF), who attends and "
            "the meeting rhythm."
        ),
        "guidance": [
            ("legislation", "Civil Contingencies Act 2004"),
            ("other", "Cabinet Office: Emergency response and recovery"),
        ],
        "related": ["JOP-001", "JOP-016"],
        "body": [
            ("h", "1", "When to call an SCG"),
            (
                "p",
                "Any Category 1 responder may ask for an SCG when an emergency needs "
                "multi-agency strategic direction. The police usually chair it; another "
                "agency may chair where the emergency is mainly theirs, such as flooding.",
            ),
            ("h", "2", "Calling the group"),
            (
                "steps",
                [
                    "Ask the LRF duty officer to convene the SCG, giving the reason.",
                    "Set the first meeting, in person or virtual, within two hours.",
                    "Send the agenda with the latest joint situation report.",
                    "Appoint a loggist and a secretariat.",
                ],
            ),
            ("h", "3", "Standard agenda"),
            (
                "ul",
                [
                    "Situation update and METHANE",
                    "Agree or review the strategic aim and objectives",
                    "Risks and issues from each agency",
                    "Media and public warning and informing",
                    "Recovery planning",
                    "Time of the next meeting (the battle rhythm)",
                ],
            ),
            ("h", "4", "The TCG"),
            (
                "p",
                "The TCG brings the tactical commanders together, usually at a tactical "
                "co-ordination centre. It turns the SCG's strategy into a joint tactical plan.",
            ),
            ("h", "4.1", "Virtual meetings"),
            (
                "p",
                "Use the LRF's secure video conference line. Each agency joins from its own "
                "command room and keeps its own log of decisions.",
            ),
        ],
    },
    {
        "ref": "JOP-018",
        "title": "Suspicious items and bomb threats",
        "section": "major-incidents",
        "service": "joint",
        "type": "action-card",
        "owner_role": "Head of Protective Services",
        "version": "1.3",
        "sensitive": True,
        "access": [JOINT_OPERATIONS_PLANNING],
        "summary": (
            "First actions for police officers and fire crews who find a suspicious item or "
            "receive a bomb threat: cordon distances, evacuation and calling explosive ordnance "
            "disposal (EOD)."
        ),
        "related": ["JOP-003"],
        "body": [
            ("h", "1", "Assess the item"),
            (
                "p",
                "Use the HOT principles: is it Hidden, Obviously suspicious, not Typical of "
                "the place? If it is not, it is probably lost property.",
            ),
            ("h", "2", "Actions"),
            (
                "steps",
                [
                    "Do not touch, move or cover the item.",
                    "Move everyone away: at least 100 metres for a small item, 200 metres "
                    "for a vehicle, further for a large vehicle.",
                    "Do not use radios or phones within 15 metres.",
                    "Request EOD through police control and set an RVP.",
                    "Look for secondary devices at the RVP and evacuation points.",
                ],
            ),
            (
                "check",
                "Tell control",
                [
                    "Exact location and description of the item",
                    "Why it is suspicious",
                    "Cordon distance set",
                    "Any threat message received",
                ],
            ),
        ],
    },
    # ---------------------------------------------------------------- football
    {
        "ref": "FBL-001",
        "title": "Match-day policing operations",
        "section": "football",
        "service": "police",
        "type": "procedure",
        "owner_role": "Head of Football Policing",
        "version": "3.2",
        "summary": (
            "Planning and commanding the police operation for a football match: the match "
            "commander, dedicated football officers, supporter travel and the ground."
        ),
        "guidance": [
            ("app", "College of Policing APP: policing football"),
            ("legislation", "Football (Offences) Act 1991"),
        ],
        "related": ["FBL-002", "FBL-004", "FBL-005"],
        "body": [
            ("h", "1", "Roles"),
            (
                "table",
                "Match-day roles",
                [
                    ["Role", "Responsibility"],
                    ["Match commander (silver)", "The whole police operation for the fixture"],
                    ["Ground commander (bronze)", "Police deployed inside the stadium"],
                    [
                        "Dedicated football officers",
                        "Know the supporters; spot and prevent trouble",
                    ],
                    ["Evidence gatherers", "Film offences for prosecution and FBO applications"],
                ],
            ),
            ("h", "2", "Before the match"),
            (
                "steps",
                [
                    "Receive the fixture category and intelligence from the football "
                    "intelligence officer.",
                    "Agree the operational order and deployment with the club's safety officer.",
                    "Brief officers using IIMARCH.",
                    "Liaise with the visiting force's dedicated football officers.",
                ],
            ),
            ("h", "3", "Supporter travel"),
            (
                "p",
                "Meet away supporters at rail stations and coach drop-off points and escort "
                "them where intelligence shows a risk of disorder.",
            ),
            ("h", "3.1", "Away supporters travelling by rail"),
            (
                "p",
                "British Transport Police lead on the railway. Agree with them who meets each "
                "train and where responsibility passes to the force.",
            ),
            ("h", "3.1.1", "Escorts from the station"),
            (
                "p",
                "Escort away supporters on foot only where intelligence shows a risk. Keep the "
                "escort moving and away from home supporters' pubs.",
            ),
            ("h", "4", "After the match"),
            (
                "p",
                "Hold away supporters back in the ground only on the match commander's "
                "decision. Record arrests and football-related offences for the national "
                "football returns.",
            ),
        ],
    },
    {
        "ref": "FBL-002",
        "title": "Fixture risk categorisation",
        "section": "football",
        "service": "police",
        "type": "policy",
        "owner_role": "Head of Football Policing",
        "version": "1.2",
        "summary": (
            "How each fixture is given a risk category (A, B, C or C-IR) and what each category "
            "means for police numbers, stewarding and charging the club."
        ),
        "guidance": [("app", "College of Policing APP: policing football")],
        "related": ["FBL-001", "FBI-004"],
        "body": [
            ("h", "1", "Fixture categories"),
            (
                "table",
                "Fixture risk categories",
                [
                    ["Category", "Meaning", "Typical police presence"],
                    ["A", "Low risk of disorder", "None inside the ground (police-free)"],
                    ["B", "Some risk of disorder", "Small team inside and outside the ground"],
                    ["C", "High risk of disorder", "Full operation with public order units"],
                    [
                        "C-IR",
                        "High risk, increased resources",
                        "Largest operation; mutual aid likely",
                    ],
                ],
            ),
            ("h", "2", "Who decides"),
            (
                "p",
                "The match commander sets the category on the advice of the football "
                "intelligence officer, at least four weeks before the fixture, and tells "
                "the club and the SAG. The category is reviewed if intelligence changes.",
            ),
            ("h", "3", "Charging"),
            (
                "p",
                "Policing inside the ground and on land the club controls is a special "
                "police service and is charged to the club.",
            ),
        ],
    },
    {
        "ref": "FBL-003",
        "title": "Sports ground safety certificates and the SAG",
        "section": "football",
        "service": "joint",
        "type": "policy",
        "owner_role": JOINT_OWNER,
        "version": "2.0",
        "review": "overdue",
        "overdue_days": 60,
        "summary": (
            "The part both services play in safety certification of sports grounds: general "
            "and special safety certificates, the Safety Advisory Group (SAG) and inspections."
        ),
        "guidance": [
            ("legislation", "Safety of Sports Grounds Act 1975"),
            ("legislation", "Fire Safety and Safety of Places of Sport Act 1987"),
            ("other", "Guide to Safety at Sports Grounds (the Green Guide)"),
        ],
        "related": ["FBL-004", "FBL-006", "JOP-010"],
        "body": [
            ("h", "1", "Safety certificates"),
            (
                "p",
                "The local authority issues a general safety certificate for a designated "
                "sports ground and special certificates for one-off events. The certificate "
                "sets the safe capacity of each part of the ground.",
            ),
            ("h", "2", "The sports ground SAG"),
            (
                "p",
                "Police and fire officers sit on the SAG for every designated ground. They "
                "advise on the certificate and raise concerns from match days.",
            ),
            ("h", "2.1", "Police advice"),
            (
                "ul",
                [
                    "Segregation of supporters and the effect of the fixture category.",
                    "Crowd behaviour seen on match days and the statement of intent.",
                ],
            ),
            ("h", "2.2", "Fire advice"),
            (
                "ul",
                [
                    "Fire risk assessment of stands, kiosks and plant rooms.",
                    "Means of escape, fire alarms and the evacuation strategy.",
                ],
            ),
            ("h", "3", "Inspections"),
            (
                "p",
                "The SAG inspects each ground at least once a year and after any building "
                "work that changes capacity or escape routes.",
            ),
            ("h", "4", "Raising a concern"),
            (
                "steps",
                [
                    "Write the concern down with the date, the fixture and the part of the ground.",
                    "Send it to the SAG chair and the club safety officer within five days.",
                    "Where people are at serious risk, ask the local authority to consider a "
                    "prohibition notice under the 1975 Act.",
                ],
            ),
        ],
    },
    {
        "ref": "FBL-004",
        "title": "Stadium evacuation and lockdown",
        "section": "football",
        "service": "joint",
        "type": "procedure",
        "owner_role": JOINT_OWNER,
        "version": "1.5",
        "summary": (
            "Deciding between evacuating a stadium, moving spectators onto the pitch, and "
            "locking the ground down; who decides, the coded messages and what each service does."
        ),
        "guidance": [("other", "Guide to Safety at Sports Grounds (the Green Guide)")],
        "related": ["FBL-003", "FBL-005", "JOP-003"],
        "body": [
            ("h", "1", "Options"),
            (
                "table",
                "Stadium emergency options",
                [
                    ["Option", "When"],
                    ["Partial evacuation", "A local hazard such as a fire in a kiosk"],
                    ["Full evacuation", "A hazard to the whole ground"],
                    [
                        "Pitch evacuation",
                        "Exits blocked; the pitch is the place of relative safety",
                    ],
                    ["Lockdown (invacuation)", "A threat outside, such as an attack nearby"],
                ],
            ),
            ("h", "2", "Who decides"),
            (
                "p",
                "The club's safety officer is in charge of spectator safety. Where police "
                "are deployed, the safety officer and the police match commander decide "
                "together; the fire officer on duty advises on any fire.",
            ),
            ("h", "3", "Evacuation steps"),
            (
                "steps",
                [
                    "Safety officer gives the coded message to stewards over radio.",
                    "Public address announcement is made in plain language.",
                    "Stewards open exit gates and direct spectators away from the hazard.",
                    "Police keep the roads around the ground clear for the crowd.",
                ],
            ),
            ("h", "4", "Lockdown steps"),
            (
                "steps",
                [
                    "Close and guard the turnstiles and exit gates.",
                    "Announce that spectators should stay where they are.",
                    "Review every 15 minutes with the police match commander.",
                ],
            ),
            (
                "callout",
                "warning",
                "Do not mix messages",
                "Never announce a lockdown and an evacuation in the same stadium at the same "
                "time. Agree one option before anything is said over the public address.",
            ),
        ],
    },
    {
        "ref": "FBL-005",
        "title": "Stewarding and the statement of intent",
        "section": "football",
        "service": "joint",
        "type": "guidance",
        "owner_role": "Head of Football Policing",
        "version": "1.0",
        "summary": (
            "What stewards do and what police do at a football ground, set out in the "
            "statement of intent agreed between the club and the police."
        ),
        "related": ["FBL-001", "FBL-004"],
        "body": [
            ("h", "1", "The statement of intent"),
            (
                "p",
                "The statement of intent is a written agreement between the club and the "
                "police. It says which incidents stewards handle and when the police take "
                "over, for example serious disorder or a crime.",
            ),
            ("h", "2", "Stewards' duties"),
            (
                "ul",
                [
                    "Manage the entry and exit of spectators and keep gangways clear.",
                    "Search spectators at the turnstiles under the club's conditions of entry.",
                    "Report fire hazards, damage and suspicious items to the control room.",
                    "Carry out the first stages of any evacuation.",
                ],
            ),
            ("h", "3", "Handover to the police"),
            (
                "steps",
                [
                    "The steward reports the incident to the club control room.",
                    "The safety officer asks the police ground commander for help.",
                    "The police take primacy and tell the control room when they hand back.",
                ],
            ),
        ],
    },
    {
        "ref": "FBL-006",
        "title": "Football banning orders (FBO)",
        "section": "football",
        "service": "police",
        "type": "procedure",
        "owner_role": "Head of Football Policing",
        "version": "2.1",
        "summary": (
            "Applying for football banning orders (FBO) on conviction or on complaint, and "
            "enforcing them on match days and for overseas fixtures."
        ),
        "guidance": [
            ("legislation", "Football Spectators Act 1989"),
            ("app", "College of Policing APP: policing football"),
        ],
        "related": ["FBL-001"],
        "body": [
            ("h", "1", "Kinds of banning order"),
            (
                "table",
                "Football banning orders",
                [
                    ["Route", "When", "Length"],
                    [
                        "On conviction",
                        "After a relevant offence at or travelling to a match",
                        "Three to ten years",
                    ],
                    [
                        "On complaint",
                        "Evidence of causing or contributing to violence or disorder",
                        "Three to five years",
                    ],
                ],
            ),
            ("h", "2", "Building the case"),
            (
                "steps",
                [
                    "Gather evidence: footage, statements and previous football behaviour.",
                    "Discuss the case with the dedicated football officer and the CPS.",
                    "Prepare the profile of the person's football-related behaviour.",
                    "Ask the court to add conditions, such as staying away from the town "
                    "centre on match days.",
                ],
            ),
            ("h", "3", "Enforcement"),
            (
                "p",
                "People subject to an FBO report to a police station and surrender their "
                "passport before overseas fixtures. Breaches are arrested and reported to "
                "the UK Football Policing Unit.",
            ),
        ],
    },
    # ---------------------------------------------------------------- prevention
    {
        "ref": "PCP-001",
        "title": "Home fire safety visits",
        "section": "prevention",
        "service": "fire",
        "type": "procedure",
        "owner_role": "Head of Prevention",
        "version": "3.0",
        "summary": (
            "Who gets a home fire safety visit, what happens during the visit, fitting smoke "
            "alarms and referring people who need more help."
        ),
        "guidance": [
            ("legislation", "Fire and Rescue Services Act 2004, section 6"),
            ("other", "NFCC Person-Centred Framework for prevention"),
        ],
        "related": ["PCP-002"],
        "body": [
            ("h", "1", "Who qualifies"),
            (
                "p",
                "Visits are targeted at people most at risk of dying in a fire: older "
                "people living alone, people who smoke in bed, people with reduced mobility "
                "or who use oxygen, and homes where hoarding is reported.",
            ),
            ("h", "1.1", "Referrals from police officers"),
            (
                "p",
                "Police officers who see a fire risk in a home, for example during a "
                "concern for welfare visit, refer the person through the partner referral form.",
            ),
            ("h", "2", "During the visit"),
            (
                "check",
                "Home fire safety visit",
                [
                    "Working smoke alarm on every level",
                    "Escape plan discussed",
                    "Cooking, heating and electrical risks checked",
                    "Smoking and use of emollient creams discussed",
                    "Bedtime routine: doors closed, appliances off",
                ],
            ),
            ("h", "3", "Smoke alarms"),
            (
                "steps",
                [
                    "Fit a ten-year sealed smoke alarm in the hallway on each level.",
                    "Fit a heat alarm in the kitchen where the risk is high.",
                    "Test each alarm with the resident and show them how.",
                ],
            ),
            ("h", "4", "After the visit"),
            (
                "p",
                "Record the visit and any referrals. If you are worried about the person's "
                "safety or care, make a safeguarding referral (PCP-002) the same day.",
            ),
        ],
    },
    {
        "ref": "PCP-002",
        "title": "Safeguarding referrals by police and fire staff",
        "section": "prevention",
        "service": "joint",
        "type": "procedure",
        "owner_role": "Head of Prevention and Community Protection",
        "version": "2.0",
        "summary": (
            "Recognising abuse, neglect and self-neglect of adults and children, and making a "
            "safeguarding referral to the local authority or the multi-agency safeguarding hub."
        ),
        "guidance": [
            ("legislation", "Care Act 2014"),
            ("legislation", "Children Act 1989 and 2004"),
        ],
        "related": ["PCP-001"],
        "body": [
            ("h", "1", "Recognising concerns"),
            (
                "p",
                "Staff of both services see people at home, often at a bad moment. Signs "
                "may include injuries without an explanation, poor living conditions, "
                "hoarding, fear of a carer or partner, or a child left without care.",
            ),
            ("h", "2", "Making a referral"),
            (
                "steps",
                [
                    "If someone is in immediate danger, call the police on 999.",
                    "Tell the person you are worried and will share the concern, unless "
                    "that would put them or you at risk.",
                    "Complete the safeguarding referral form the same day.",
                    "Send it to the multi-agency safeguarding hub (MASH).",
                    "Tell your line manager or the duty safeguarding lead.",
                ],
            ),
            ("h", "3", "Sharing information"),
            (
                "p",
                "You may share information without consent when it is needed to protect "
                "someone from serious harm. Record what you shared, with whom and why.",
            ),
            (
                "callout",
                "note",
                "You do not need proof",
                "A referral is a concern, not an allegation. The safeguarding team decides what "
                "happens next.",
            ),
        ],
    },
    {
        "ref": "PCP-003",
        "title": "Fire protection audits of regulated premises",
        "section": "prevention",
        "service": "fire",
        "type": "procedure",
        "owner_role": "Head of Fire Protection",
        "version": "2.3",
        "summary": (
            "Auditing business premises under the Fire Safety Order: the risk-based inspection "
            "programme, audit steps and formal enforcement (alteration, enforcement and "
            "prohibition notices)."
        ),
        "guidance": [
            ("legislation", "Regulatory Reform (Fire Safety) Order 2005"),
            ("legislation", "Fire Safety (England) Regulations 2022"),
        ],
        "related": ["PCP-001"],
        "body": [
            ("h", "1", "Risk-based inspection programme"),
            (
                "p",
                "Premises are audited according to their risk: sleeping risk (hotels, care "
                "homes, high-rise residential) first, then complex buildings and premises "
                "with a poor record.",
            ),
            ("h", "2", "The audit"),
            (
                "steps",
                [
                    "Arrange the audit with the responsible person.",
                    "Check the fire risk assessment is suitable and up to date.",
                    "Walk the premises: means of escape, fire doors, alarms, emergency lighting.",
                    "Check staff training and fire drill records.",
                    "Agree the outcome and send the audit letter within ten working days.",
                ],
            ),
            ("h", "3", "Enforcement"),
            (
                "table",
                "Formal enforcement",
                [
                    ["Notice", "Used when"],
                    ["Alteration notice", "Changes to premises could create a serious risk"],
                    [
                        "Enforcement notice",
                        "The responsible person has failed to comply with the Order",
                    ],
                    [
                        "Prohibition notice",
                        "The risk to people is so serious that use must stop or be restricted now",
                    ],
                ],
            ),
            (
                "callout",
                "warning",
                "Serious risk found",
                "If people are at serious risk, consider a prohibition notice at once and tell "
                "the duty fire protection manager.",
            ),
            ("h", "4", "Appeals and time limits"),
            ("h", "4.1", "Appeals"),
            (
                "p",
                "The responsible person may appeal a notice to the magistrates' court. Tell them "
                "how when the notice is served.",
            ),
            ("h", "4.1.1", "Time limits"),
            (
                "p",
                "An appeal must be made within 21 days. An enforcement notice is suspended "
                "during an appeal; a prohibition notice is not, unless the court says so.",
            ),
        ],
    },
    {
        "ref": "PCP-004",
        "title": "Arson reduction and deliberate fires",
        "section": "prevention",
        "service": "joint",
        "type": "guidance",
        "owner_role": "Head of Prevention and Community Protection",
        "version": "1.1",
        "summary": (
            "How the joint arson reduction team finds hot spots of deliberate fires, removes "
            "fuel, works with schools and brings offenders to justice."
        ),
        "related": ["JOP-013", "PCP-005"],
        "body": [
            ("h", "1", "Hot spots"),
            (
                "p",
                "The arson reduction team maps deliberate fires every month with police "
                "crime data and agrees patrol and removal plans with the councils.",
            ),
            ("h", "2", "Removing fuel"),
            (
                "ul",
                [
                    "Abandoned vehicles reported to the council for removal within 24 hours.",
                    "Fly-tipping and wheelie bins moved away from buildings.",
                    "Empty buildings secured with the owner.",
                ],
            ),
            ("h", "3", "Young people who set fires"),
            (
                "p",
                "Children and young people who set fires are referred to the firesetter "
                "intervention scheme rather than prosecuted, unless the fire was serious.",
            ),
            ("h", "4", "Referring a deliberate fire"),
            (
                "steps",
                [
                    "The incident commander records the fire as deliberate on the incident report.",
                    "Fire control passes the incident number to the police crime desk.",
                    "The arson reduction team reviews repeat locations every week.",
                ],
            ),
        ],
    },
    {
        "ref": "PCP-005",
        "title": "Fire investigation and joint scene examination",
        "section": "prevention",
        "service": "joint",
        "type": "procedure",
        "owner_role": "Head of Prevention and Community Protection",
        "version": "1.0",
        "review": "overdue",
        "overdue_days": 15,
        "summary": (
            "When fire investigators and police crime scene investigators examine a fire "
            "scene together, preserving evidence and agreeing who leads."
        ),
        "guidance": [("other", "Forensic Science Regulator code: fire scene examination")],
        "related": ["PCP-004"],
        "body": [
            ("h", "1", "Levels of fire investigation"),
            (
                "table",
                "Fire investigation levels",
                [
                    ["Level", "Who", "When"],
                    [
                        "1",
                        "Incident commander",
                        "Every fire: cause recorded on the incident report",
                    ],
                    ["2", "Fire investigation officer", "Cause unclear, serious fire or injury"],
                    [
                        "3",
                        "Fire investigation officer with police",
                        "Fatal fire or suspected crime",
                    ],
                ],
            ),
            ("h", "2", "Preserving the scene"),
            (
                "steps",
                [
                    "Limit damage during firefighting and overhaul where you safely can.",
                    "Do not move bodies, ignition sources or items such as petrol cans.",
                    "Hand the scene to the police if crime is suspected; log everyone who enters.",
                ],
            ),
            ("h", "3", "Joint examination"),
            (
                "p",
                "The police senior investigating officer leads where crime is suspected; "
                "the fire investigator leads the search for the origin and cause.",
            ),
        ],
    },
    {
        "ref": "PCP-006",
        "title": "Road and water safety education",
        "section": "prevention",
        "service": "joint",
        "type": "guidance",
        "owner_role": "Head of Prevention and Community Protection",
        "version": "1.2",
        "summary": (
            "The joint education programme for young drivers and for water safety, delivered "
            "in schools and colleges by police and fire staff together."
        ),
        "related": ["JOP-008", "POL-021"],
        "body": [
            ("h", "1", "Young driver programme"),
            (
                "p",
                "Police roads officers and firefighters run the programme for students aged "
                "16 to 18, using a reconstructed road traffic collision.",
            ),
            ("h", "1.1", "The fatal four"),
            (
                "ul",
                [
                    "Speed",
                    "Not wearing a seat belt",
                    "Using a mobile phone while driving",
                    "Drink or drug driving",
                ],
            ),
            ("h", "2", "Water safety"),
            (
                "p",
                "In spring and summer, crews visit schools near rivers and lakes with the "
                "message: float to live, call 999 and ask for the fire service.",
            ),
            ("h", "3", "Booking a session"),
            (
                "table",
                "Sessions on offer",
                [
                    ["Session", "Audience", "Length"],
                    ["Young driver", "Years 12 and 13, colleges", "Two hours"],
                    ["Water safety", "Years 5 to 8", "One hour"],
                    ["Fire safety and arson", "Years 3 to 6", "One hour"],
                ],
            ),
        ],
    },
    # ---------------------------------------------------------------- operational policy
    {
        "ref": "FRS-011",
        "title": "Vehicle extrication at road traffic collisions",
        "section": "operational-policy",
        "service": "fire",
        "type": "procedure",
        "owner_role": "Area Manager, Operational Policy",
        "version": "2.2",
        "summary": (
            "How fire crews release trapped people at a road traffic collision (RTC): scene "
            "safety, stabilisation, glass management and hazards of electric vehicles."
        ),
        "guidance": [("nog", "National Operational Guidance: transport (road vehicles)")],
        "related": ["POL-021"],
        "body": [
            ("h", "1", "Scene safety"),
            (
                "steps",
                [
                    "Position the appliance to protect the scene, fend-off position.",
                    "Set up an inner cordon and a tool dump.",
                    "Identify the vehicle's fuel type: petrol, diesel, hybrid or electric.",
                ],
            ),
            ("h", "2", "Stabilisation"),
            (
                "p",
                "Stabilise the vehicle with blocks and struts before anyone enters it. Turn "
                "off the ignition and, where safe, disconnect the 12-volt battery.",
            ),
            ("h", "3", "Extrication"),
            ("h", "3.1", "Plan with the ambulance crew"),
            (
                "p",
                "Agree the plan and the time available with the paramedics: a rapid release "
                "for a time-critical casualty, or a controlled release.",
            ),
            ("h", "3.2", "Glass and airbags"),
            (
                "p",
                "Manage glass before cutting. Keep out of the deployment path of airbags "
                "that have not gone off.",
            ),
            ("h", "4", "Electric and hybrid vehicles"),
            (
                "callout",
                "safety",
                "High-voltage systems",
                "Never cut orange high-voltage cables. Treat a damaged battery pack as able to "
                "reignite hours later; tell the recovery operator.",
            ),
        ],
    },
    {
        "ref": "FRS-012",
        "title": "Personal protective equipment and fire contaminants",
        "section": "operational-policy",
        "service": "fire",
        "type": "policy",
        "owner_role": "Head of Health and Safety",
        "version": "1.0",
        "summary": (
            "Issue, care and cleaning of firefighting PPE, and reducing firefighters' exposure "
            "to fire contaminants after an incident."
        ),
        "guidance": [
            ("legislation", "Personal Protective Equipment at Work Regulations 1992"),
            ("other", "UCLan / FBU guidance on minimising fire contaminants"),
        ],
        "related": ["FRS-010"],
        "body": [
            ("h", "1", "Issue of PPE"),
            (
                "p",
                "Every firefighter is issued two sets of structural firefighting PPE so "
                "that one can be cleaned while the other is worn.",
            ),
            ("h", "2", "Reducing exposure to contaminants"),
            (
                "steps",
                [
                    "Keep BA on until out of the smoke and the contaminated area.",
                    "Remove dirty PPE at the scene and bag it.",
                    "Wash hands and face before eating or drinking.",
                    "Travel back in clean clothing; shower within an hour of returning.",
                ],
            ),
            ("h", "3", "Cleaning and inspection"),
            (
                "table",
                "PPE care",
                [
                    ["Item", "Cleaning", "Inspection"],
                    ["Tunic and leggings", "After every fire exposure", "Monthly and after use"],
                    ["Helmet", "After use", "Monthly"],
                    ["Gloves and flash hood", "After every fire exposure", "Before use"],
                ],
            ),
        ],
    },
    {
        "ref": "FRS-013",
        "title": "Firefighting in high-rise residential buildings",
        "section": "operational-policy",
        "service": "fire",
        "type": "procedure",
        "owner_role": "Area Manager, Operational Policy",
        "version": "2.0",
        "summary": (
            "Fires in high-rise residential buildings: the bridgehead, fire survival guidance "
            "calls, changing from stay put to simultaneous evacuation, and police support."
        ),
        "guidance": [
            ("nog", "National Operational Guidance: fires in tall buildings"),
            ("legislation", "Fire Safety (England) Regulations 2022"),
        ],
        "related": ["FRS-010", "JOP-001"],
        "body": [
            ("h", "1", "Arrival"),
            (
                "steps",
                [
                    "Collect the premises information box and secure information.",
                    "Set up the bridgehead two floors below the fire floor.",
                    "Take control of the firefighting lift.",
                ],
            ),
            ("h", "2", "Fire survival guidance"),
            (
                "p",
                "Control room staff give fire survival guidance to callers trapped in the "
                "building and pass every call to the incident commander through a "
                "dedicated FSG officer.",
            ),
            ("h", "3", "Evacuation strategy"),
            ("h", "3.1", "Stay put"),
            (
                "p",
                "Most purpose-built blocks are designed so that residents not affected by "
                "the fire can stay in their flats.",
            ),
            ("h", "3.2", "Changing to simultaneous evacuation"),
            (
                "p",
                "Where the fire spreads beyond the flat of origin, the incident commander "
                "may change the strategy. Use the evacuation alert system if fitted, and "
                "ask the police to help evacuate and to manage the crowd outside.",
            ),
            (
                "callout",
                "safety",
                "Falling debris",
                "Set a hazard zone around the building for falling glass and cladding; use "
                "covered entry routes.",
            ),
        ],
    },
    {
        "ref": "POL-022",
        "title": "Armed policing and fire service support at firearms incidents",
        "section": "operational-policy",
        "service": "police",
        "type": "procedure",
        "owner_role": "Head of Armed Policing",
        "version": "1.6",
        "sensitive": True,
        "access": [JOINT_OPERATIONS_PLANNING],
        "summary": (
            "How fire crews support an armed policing operation: staging away from the threat, "
            "working with authorised firearms officers (AFO) and the tactical firearms commander."
        ),
        "guidance": [("app", "College of Policing APP: armed policing")],
        "related": ["JOP-003"],
        "body": [
            ("h", "1", "Firearms command"),
            (
                "p",
                "The tactical firearms commander leads the armed operation; the operational "
                "firearms commander commands the AFOs on the ground. Fire and rescue "
                "commanders report to the police tactical commander.",
            ),
            ("h", "2", "Fire crews at a firearms incident"),
            (
                "steps",
                [
                    "Go to the RVP given by police control, not to the address.",
                    "Stay at the RVP until the police confirm a safe route.",
                    "Provide fire cover or rescue only in areas cleared by armed officers.",
                    "Keep a record of every instruction received from the police.",
                ],
            ),
            ("h", "3", "Planned operations"),
            (
                "p",
                "For pre-planned firearms operations, the Joint Operations Planning Team "
                "arranges fire standby at the briefing and agrees a covert RVP.",
            ),
        ],
    },
    {
        "ref": "JOP-020",
        "title": "Gaining entry for a concern for welfare",
        "section": "operational-policy",
        "service": "joint",
        "type": "procedure",
        "owner_role": JOINT_OWNER,
        "version": "1.4",
        "summary": (
            "When the police ask the fire and rescue service to force entry to a home because "
            "someone inside may be ill or injured, and how entry is made and the property "
            "left secure."
        ),
        "guidance": [("legislation", "Police and Criminal Evidence Act 1984, section 17")],
        "related": ["PCP-002"],
        "body": [
            ("h", "1", "Who asks and who enters"),
            (
                "p",
                "The police decide whether entry is needed to save life or prevent serious "
                "injury. Fire crews make the entry when it needs their equipment or skills, "
                "and a police officer is present or on the way.",
            ),
            ("h", "2", "Making entry"),
            (
                "steps",
                [
                    "Try to contact the occupier and check for keyholders.",
                    "Choose the method causing least damage: unlocked window, letterbox "
                    "tools, then forced entry.",
                    "Enter with a police officer where possible.",
                    "Give first aid until the ambulance service arrives.",
                ],
            ),
            ("h", "3", "Leaving the property secure"),
            (
                "p",
                "The police arrange for the door or window to be made secure and leave a "
                "card explaining what happened.",
            ),
        ],
    },
    {
        "ref": "JOP-021",
        "title": "Control room interoperability and radio talkgroups",
        "section": "operational-policy",
        "service": "joint",
        "type": "procedure",
        "owner_role": "Head of Joint Control",
        "version": "2.0",
        "summary": (
            "How the police and fire control rooms share incidents, set up interoperable radio "
            "talkgroups and pass a METHANE message between them."
        ),
        "guidance": [("jesip", "JESIP: control room supervisors' guide")],
        "related": ["JOP-001"],
        "body": [
            ("h", "1", "Sharing an incident"),
            (
                "p",
                "Where an incident needs both services, the first control room to receive "
                "it calls the other on the direct line and shares the incident log number.",
            ),
            ("h", "2", "Interoperable talkgroups"),
            (
                "table",
                "Talkgroups at joint incidents",
                [
                    ["Talkgroup", "Used by", "For"],
                    ["Service talkgroup", "Each service", "Normal working within the service"],
                    ["Joint command talkgroup", "Commanders of all services", "Command decisions"],
                    ["Joint control talkgroup", "Control room supervisors", "Sharing resources"],
                ],
            ),
            ("h", "3", "Supervisor checks"),
            (
                "check",
                "Control room supervisor",
                [
                    "Other control rooms told",
                    "Interoperable talkgroup opened and named",
                    "METHANE shared",
                    "RVP and FCP passed to every service",
                ],
            ),
        ],
    },
    {
        "ref": "POL-023",
        "title": "Missing person searches with fire and rescue support",
        "section": "operational-policy",
        "service": "police",
        "type": "procedure",
        "owner_role": "Head of Public Protection",
        "version": "1.1",
        "summary": (
            "Searching for a high-risk missing person with the help of fire crews, drones and "
            "water rescue teams, under a police search adviser (PolSA)."
        ),
        "guidance": [("app", "College of Policing APP: missing persons")],
        "related": ["JOP-008"],
        "body": [
            ("h", "1", "Risk assessment"),
            (
                "p",
                "The police grade every missing person report as high, medium or low risk. "
                "Fire and rescue help is requested for high-risk searches only.",
            ),
            ("h", "2", "What the fire and rescue service can provide"),
            (
                "ul",
                [
                    "Drone with thermal camera, flown by a qualified remote pilot.",
                    "Water rescue teams to search riverbanks and shallow water.",
                    "Crews to search open ground under police direction.",
                    "Lighting for night searches.",
                ],
            ),
            ("h", "3", "Running the search"),
            (
                "steps",
                [
                    "The police search adviser (PolSA) sets search areas and priorities.",
                    "Fire crews report to the search co-ordinator at the RVP.",
                    "Every team records the area searched and what it found.",
                    "The police decide when to stand fire resources down.",
                ],
            ),
        ],
    },
    {
        "ref": "POL-024",
        "title": "Body-worn video at joint incidents",
        "section": "operational-policy",
        "service": "police",
        "type": "guidance",
        "owner_role": "Head of Professional Standards",
        "version": "1.0",
        "summary": (
            "When police officers record on body-worn video (BWV) at joint scenes, telling "
            "fire crews and casualties, and keeping the footage."
        ),
        "guidance": [
            ("app", "College of Policing APP: body-worn video"),
            ("legislation", "Data Protection Act 2018"),
        ],
        "body": [
            ("h", "1", "When to record"),
            (
                "p",
                "Record where there is a use of force, an offence, or a likelihood of "
                "complaint. Tell the people present, including fire crews, that you are "
                "recording.",
            ),
            ("h", "2", "Privacy at the scene"),
            (
                "p",
                "Avoid recording casualties receiving treatment unless it is needed as "
                "evidence. Stop recording in hospitals and homes when it is no longer needed.",
            ),
            ("h", "3", "Keeping footage"),
            (
                "table",
                "Retention of footage",
                [
                    ["Footage", "Kept for"],
                    ["Not evidential", "31 days, then deleted automatically"],
                    ["Evidential", "As long as the case needs, under the force's retention rules"],
                ],
            ),
        ],
    },
    # ---------------------------------------------------------------- training
    {
        "ref": "TRN-001",
        "title": "Joint training and competence policy",
        "section": "training",
        "service": "joint",
        "type": "policy",
        "owner_role": "Head of Joint Training",
        "version": "2.0",
        "summary": (
            "How the joint training centre plans, delivers and records training for police "
            "and fire staff, and how operational competence is maintained."
        ),
        "related": ["TRN-002", "TRN-003", "TRN-004", "TRN-005"],
        "body": [
            ("h", "1", "Policy statement"),
            (
                "p",
                "Staff of both services are trained to the national standard of their own "
                "service, and trained together where they will work together.",
            ),
            ("h", "2", "Training needs analysis"),
            (
                "p",
                "Each year the joint training centre reviews debriefs, JOL lessons, "
                "inspection findings and new national guidance to plan the course programme.",
            ),
            ("h", "3", "Recording competence"),
            (
                "table",
                "Where competence is recorded",
                [
                    ["Staff", "System", "Reviewed"],
                    [
                        "Firefighters",
                        "Fire competence recording system",
                        "Monthly by watch manager",
                    ],
                    ["Police officers", "Force learning management system", "Yearly at appraisal"],
                    ["Joint courses", "Both systems", "By the joint training centre"],
                ],
            ),
            ("h", "4", "Lapsed competence"),
            (
                "p",
                "Staff whose safety-critical competence lapses (for example BA, driving, "
                "public order) are taken off those duties until reassessed.",
            ),
        ],
    },
    {
        "ref": "TRN-002",
        "title": "JESIP training for commanders and control room staff",
        "section": "training",
        "service": "joint",
        "type": "procedure",
        "owner_role": "Head of Joint Training",
        "version": "1.3",
        "summary": (
            "Who must attend JESIP training, at what level, how often, and how it is recorded."
        ),
        "guidance": [("jesip", "JESIP: training and exercising (learning outcomes)")],
        "related": ["JOP-001", "TRN-001"],
        "body": [
            ("h", "1", "Who needs JESIP training"),
            (
                "table",
                "JESIP training by role",
                [
                    ["Role", "Course", "Refresher"],
                    [
                        "Operational commanders (bronze)",
                        "JESIP operational commander",
                        "Every 3 years",
                    ],
                    ["Tactical commanders (silver)", "JESIP tactical commander", "Every 3 years"],
                    [
                        "Strategic commanders (gold)",
                        "Multi-agency gold incident command",
                        "Every 3 years",
                    ],
                    ["Control room staff", "JESIP control room course", "Every 3 years"],
                    ["All other operational staff", "JESIP awareness e-learning", "Every 3 years"],
                ],
            ),
            ("h", "2", "Course content"),
            (
                "ul",
                [
                    "The five JESIP principles: co-locate, communicate, co-ordinate, "
                    "jointly understand risk, shared situational awareness.",
                    "The Joint Decision Model (JDM).",
                    "M/ETHANE.",
                    "A joint table-top exercise.",
                ],
            ),
            ("h", "3", "Booking and records"),
            (
                "p",
                "Book through the joint training centre. Attendance is recorded on both "
                "services' systems.",
            ),
        ],
    },
    {
        "ref": "TRN-003",
        "title": "Driver training and emergency response driving",
        "section": "training",
        "service": "joint",
        "type": "procedure",
        "owner_role": "Head of Joint Training",
        "version": "2.4",
        "review": "overdue",
        "overdue_days": 100,
        "summary": (
            "Driving permits for police and fire vehicles, blue-light (emergency response) "
            "driver training, licence checks and refresher training."
        ),
        "guidance": [
            ("legislation", "Road Traffic Act 1988, section 19 exemptions"),
            ("other", "Road Safety Act 2006 and the high-speed training regulations"),
        ],
        "related": ["FLT-003", "TRN-001"],
        "body": [
            ("h", "1", "Driving permits"),
            (
                "table",
                "Driving permits",
                [
                    ["Permit", "Allows", "Training"],
                    ["Basic", "Non-emergency driving of cars and vans", "Assessment drive"],
                    [
                        "Response",
                        "Emergency response driving with blue lights",
                        "Three-week course",
                    ],
                    [
                        "Fire appliance (EFAD)",
                        "Emergency driving of fire appliances",
                        "Large goods vehicle licence then emergency fire appliance driving course",
                    ],
                    ["Advanced / pursuit", "Police pursuits", "Advanced course and pursuit module"],
                ],
            ),
            ("h", "1.1", "Fire appliance drivers"),
            (
                "p",
                "Firefighters need a large goods vehicle licence before the emergency fire "
                "appliance driving course. The service pays for both.",
            ),
            ("h", "2", "Licence checks"),
            (
                "p",
                "Every driver's licence is checked with the DVLA every six months. Drivers "
                "must report any conviction, endorsement or medical condition at once.",
            ),
            ("h", "3", "Refresher training"),
            (
                "steps",
                [
                    "Response and appliance drivers complete a refresher every three years.",
                    "A driver involved in a collision is reassessed before driving on "
                    "blue lights again.",
                    "Lapsed permits are suspended on the fleet system.",
                ],
            ),
            (
                "callout",
                "safety",
                "Exemptions",
                "Exemptions from speed limits and red lights apply only to trained drivers on an "
                "emergency. Drive with due care at all times.",
            ),
        ],
    },
    {
        "ref": "TRN-004",
        "title": "Breathing apparatus training and assessment",
        "section": "training",
        "service": "fire",
        "type": "procedure",
        "owner_role": "Head of Joint Training",
        "version": "1.1",
        "summary": (
            "Initial breathing apparatus (BA) courses, hot fire training, yearly assessment "
            "and what happens when a wearer fails an assessment."
        ),
        "guidance": [("nog", "National Operational Guidance: breathing apparatus")],
        "related": ["FRS-010", "TRN-001"],
        "body": [
            ("h", "1", "Initial BA course"),
            (
                "p",
                "Trainee firefighters complete the initial BA course before riding an "
                "appliance. The course includes entry control, search and rescue and "
                "a hot fire exercise.",
            ),
            ("h", "2", "Maintaining competence"),
            (
                "table",
                "BA competence",
                [
                    ["Activity", "How often"],
                    ["BA drill on station", "Monthly"],
                    ["Hot fire training", "Every 2 years"],
                    ["BA assessment", "Yearly"],
                ],
            ),
            ("h", "3", "Failed assessment"),
            (
                "steps",
                [
                    "The assessor stops the assessment if safety is at risk.",
                    "The wearer is taken off BA duties and their record updated.",
                    "A development plan is agreed with the watch manager.",
                    "The wearer is reassessed within eight weeks.",
                ],
            ),
        ],
    },
    {
        "ref": "TRN-005",
        "title": "Planning and evaluating joint exercises",
        "section": "training",
        "service": "joint",
        "type": "guidance",
        "owner_role": JOINT_OWNER,
        "version": "1.0",
        "summary": (
            "How the Joint Operations Planning Team plans table-top and live exercises with "
            "the LRF, evaluates them and feeds the results into JOL."
        ),
        "related": ["JOP-016", "TRN-002"],
        "body": [
            ("h", "1", "Kinds of exercise"),
            (
                "table",
                "Exercise types",
                [
                    ["Type", "Description", "Typical length"],
                    ["Discussion-based", "Talking through a scenario round a table", "Half a day"],
                    ["Table-top", "Scenario played out with injects and a timeline", "One day"],
                    [
                        "Command post",
                        "Commanders and control rooms without crews on the ground",
                        "One day",
                    ],
                    [
                        "Live",
                        "Crews, officers and casualties on the ground",
                        "One day plus planning",
                    ],
                ],
            ),
            ("h", "2", "Planning an exercise"),
            (
                "steps",
                [
                    "Agree the aim and objectives with the LRF and both services.",
                    "Write the scenario and injects; keep them from players.",
                    "Appoint evaluators from outside the teams being tested.",
                    "Hold a safety briefing for live exercises.",
                ],
            ),
            ("h", "3", "Evaluation"),
            (
                "p",
                "Evaluators report against the objectives within four weeks. Lessons go to "
                "the joint learning group and to JOL Online.",
            ),
        ],
    },
    {
        "ref": "TRN-006",
        "title": "Public order training and mutual aid",
        "section": "training",
        "service": "police",
        "type": "procedure",
        "owner_role": "Head of Operations Support",
        "version": "1.2",
        "summary": (
            "Levels of public order training, yearly refreshers, and how public order units "
            "are sent to other forces under mutual aid."
        ),
        "guidance": [("app", "College of Policing APP: public order")],
        "related": ["FBL-001"],
        "body": [
            ("h", "1", "Levels of training"),
            (
                "table",
                "Public order levels",
                [
                    ["Level", "Role"],
                    ["Level 1", "Specialist public order units with shields"],
                    ["Level 2", "Trained public order officers in a serial"],
                    ["Level 3", "Basic public order awareness for all officers"],
                ],
            ),
            ("h", "2", "Refresher training"),
            (
                "p",
                "Level 1 and 2 officers complete a refresher at least twice a year, "
                "including a joint session with fire crews on fires and missiles.",
            ),
            ("h", "3", "Mutual aid"),
            (
                "p",
                "Requests for mutual aid come through the national mobilisation centre. "
                "The force sends units only when local cover is assured.",
            ),
        ],
    },
    # ---------------------------------------------------------------- fleet and estates
    {
        "ref": "FLT-001",
        "title": "Fleet servicing and inspection schedule",
        "section": "fleet-and-estates",
        "service": "joint",
        "type": "procedure",
        "owner_role": "Head of Joint Fleet",
        "version": "2.1",
        "summary": (
            "Service intervals and safety inspections for police vehicles and fire appliances "
            "at the shared workshop, and how vehicles are booked in."
        ),
        "guidance": [("legislation", "Road Vehicles (Construction and Use) Regulations 1986")],
        "related": ["FLT-002"],
        "body": [
            ("h", "1", "Service intervals"),
            (
                "table",
                "Servicing by vehicle type",
                [
                    ["Vehicle", "Service", "Safety inspection"],
                    ["Police response car", "Every 12,000 miles or 6 months", "Every 6 weeks"],
                    ["Police van", "Every 12,000 miles or 6 months", "Every 6 weeks"],
                    ["Fire appliance", "Every 12 months", "Every 10 weeks"],
                    [
                        "Aerial ladder platform",
                        "Every 12 months",
                        "Every 6 weeks, plus ladder test",
                    ],
                ],
            ),
            ("h", "2", "Booking a vehicle in"),
            (
                "steps",
                [
                    "The workshop books the vehicle in through the fleet system.",
                    "The station or team arranges a spare vehicle or appliance.",
                    "The vehicle is delivered clean, with its equipment removed or listed.",
                    "The workshop returns it with the work recorded on the fleet system.",
                ],
            ),
            ("h", "3", "Annual test"),
            (
                "p",
                "Fire appliances over 3.5 tonnes have an annual test at an approved test "
                "centre; the workshop books it with the service.",
            ),
        ],
    },
    {
        "ref": "FLT-002",
        "title": "Vehicle defect reporting and off-road decisions",
        "section": "fleet-and-estates",
        "service": "joint",
        "type": "procedure",
        "owner_role": "Head of Joint Fleet",
        "version": "1.3",
        "review": "due-soon",
        "due_in_days": 15,
        "summary": (
            "Daily vehicle checks, reporting defects to the shared fleet workshop, and who "
            "decides that a vehicle must come off the road."
        ),
        "related": ["FLT-001"],
        "body": [
            ("h", "1", "Daily checks"),
            (
                "check",
                "Daily vehicle check",
                [
                    "Tyres: pressure, tread and damage",
                    "Lights and blue lights",
                    "Fluid levels",
                    "Warning lights on the dashboard",
                    "Bodywork damage",
                    "Equipment stowed and secure",
                ],
            ),
            ("h", "2", "Reporting a defect"),
            (
                "steps",
                [
                    "Record the defect on the fleet system with a photo.",
                    "Call the workshop for any defect that affects safety.",
                    "Tell your control room if the vehicle is not available.",
                ],
            ),
            ("h", "3", "Taking a vehicle off the road"),
            (
                "table",
                "Defect categories",
                [
                    ["Category", "Example", "Action"],
                    ["Dangerous", "Brakes, steering, tyre cord showing", "Off the road at once"],
                    ["Major", "Blue light not working", "Emergency use only until repaired"],
                    ["Minor", "Interior trim", "Repair at next service"],
                ],
            ),
            (
                "callout",
                "safety",
                "Dangerous defects",
                "Do not drive a vehicle with a dangerous defect, even on an emergency call.",
            ),
            ("h", "3.1", "Who decides"),
            (
                "p",
                "The driver decides at the daily check; the workshop supervisor decides after "
                "inspection. Only the workshop can put a vehicle taken off the road back into "
                "service.",
            ),
        ],
    },
    {
        "ref": "FLT-003",
        "title": "Collisions involving service vehicles",
        "section": "fleet-and-estates",
        "service": "joint",
        "type": "action-card",
        "owner_role": "Head of Joint Fleet",
        "version": "1.0",
        "summary": (
            "What a driver does after a collision in a police or fire vehicle, reporting it, "
            "the post-collision review and insurance claims."
        ),
        "guidance": [("legislation", "Road Traffic Act 1988, section 170")],
        "related": ["TRN-003", "FLT-002"],
        "body": [
            ("h", "1", "At the scene"),
            (
                "steps",
                [
                    "Stop, make the scene safe and give first aid if needed.",
                    "Exchange details with the other driver and note witnesses.",
                    "Take photographs of the scene and damage.",
                    "Tell your control room and your supervisor.",
                ],
            ),
            ("h", "2", "Reporting"),
            (
                "p",
                "Complete the collision report within 24 hours. The fleet team arranges "
                "repair; the insurance team handles claims.",
            ),
            ("h", "3", "Post-collision review"),
            (
                "p",
                "Collisions during emergency response driving are reviewed by a driver "
                "trainer. The driver may be reassessed before driving on blue lights again.",
            ),
        ],
    },
    {
        "ref": "EST-001",
        "title": "Shared police and fire stations: joint use",
        "section": "fleet-and-estates",
        "service": "joint",
        "type": "policy",
        "owner_role": "Head of Joint Estates",
        "version": "1.1",
        "summary": (
            "How combined police and fire stations are shared: who manages the building, "
            "shared rooms, and keeping each service's secure areas separate."
        ),
        "related": ["EST-002", "EST-003"],
        "body": [
            ("h", "1", "Policy statement"),
            (
                "p",
                "Shared stations save money and bring the services closer together. Each "
                "station has one site manager and one set of house rules for both services.",
            ),
            ("h", "2", "Shared and separate areas"),
            (
                "table",
                "Areas in a shared station",
                [
                    ["Area", "Shared", "Notes"],
                    ["Kitchen, rest room, gym", "Yes", "Booking not needed"],
                    ["Meeting rooms", "Yes", "Book through the estates system"],
                    ["Custody, property store", "No", "Police only"],
                    ["Appliance bay, BA room", "No", "Fire only; keep clear for turnouts"],
                ],
            ),
            ("h", "2.1", "Booking meeting rooms"),
            ("p", "Operational debriefs and SAG meetings take priority over other bookings."),
            ("h", "3", "Appliance bay safety"),
            (
                "p",
                "Nobody parks in front of the appliance bay doors. Police vehicles use the "
                "marked bays only.",
            ),
        ],
    },
    {
        "ref": "EST-002",
        "title": "Estates maintenance requests and building defects",
        "section": "fleet-and-estates",
        "service": "joint",
        "type": "procedure",
        "owner_role": "Head of Joint Estates",
        "version": "1.0",
        "summary": (
            "Reporting building defects in police and fire premises to the joint estates team, "
            "response times by priority, and out-of-hours emergencies."
        ),
        "related": ["EST-001"],
        "body": [
            ("h", "1", "Reporting a defect"),
            (
                "steps",
                [
                    "Log the defect on the estates helpdesk with location and photos.",
                    "For an emergency out of hours, call the estates on-call number.",
                    "Make the area safe and tell the site manager.",
                ],
            ),
            ("h", "2", "Response times"),
            (
                "table",
                "Estates priorities",
                [
                    ["Priority", "Example", "Attend within"],
                    ["Emergency", "Appliance bay door failed, flood, no power", "2 hours"],
                    ["Urgent", "Heating failure, broken fire door", "24 hours"],
                    ["Routine", "Decoration, minor repairs", "20 working days"],
                ],
            ),
        ],
    },
    {
        "ref": "EST-003",
        "title": "Protective security of police and fire premises",
        "section": "fleet-and-estates",
        "service": "joint",
        "type": "procedure",
        "owner_role": "Head of Joint Estates",
        "version": "1.2",
        "sensitive": True,
        "access": [JOINT_OPERATIONS_PLANNING],
        "summary": (
            "Access control, visitor rules and the extra security measures taken at shared "
            "premises when the national threat level rises."
        ),
        "related": ["EST-001", "JOP-018"],
        "body": [
            ("h", "1", "Access control"),
            (
                "p",
                "Staff of both services use their own identity cards. Cards give access only "
                "to the areas each person needs.",
            ),
            ("h", "2", "Response to the threat level"),
            (
                "table",
                "Measures by threat level",
                [
                    ["Threat level", "Extra measures"],
                    ["Substantial", "Visitor checks at reception; vehicle gates closed"],
                    ["Severe", "Vehicle searches; staff told to vary routines"],
                    ["Critical", "Non-essential visits stopped; armed patrols at key sites"],
                ],
            ),
        ],
    },
]
