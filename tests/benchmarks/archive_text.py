"""Words for the generated archive: places, people, roles and a bank of facilitator notes.

All fictional. Notes are put together from parts, so the archive has the varied vocabulary of
real notes; "right of veto" appears in about one note in 2,000 and nowhere else.
"""

from random import Random

PLACES = (
    "Wealdmoor", "Estuary", "Saltmarsh", "Harrowdale", "Brackenford", "Kestrel Vale",
    "Thornbury Cross", "Ashcombe", "Redmarsh", "Fenwick", "Oakhollow", "Marlow Heath",
    "Stourleigh", "Wyvern", "Coldharbour", "Elmsworth", "Penhallow", "Greystone", "Lydmoor",
    "Northwold", "Riverside", "Castlebrook", "Hollins", "Fairhaven", "Sedgefield Vale",
    "Tamarisk", "Westmere", "Bramblecote", "Ravensby", "Oxleigh", "Calderbridge", "Dunmere",
    "Hartwell", "Lowther", "Mossgate", "Pendleford", "Quayside", "Rushmere", "Silverdale",
    "Upper Tarrow",
)  # fmt: skip
ORGANISATIONS = {
    "nhs_provider": (
        "{} Hospitals NHS Foundation Trust", "{} Community Health Services NHS Trust",
        "{} Mental Health Partnership NHS Trust", "{} Ambulance Service NHS Trust",
    ),
    "commissioner_icb": ("{} Integrated Care Board", "{} Place Commissioning Partnership"),
    "local_authority": (
        "{} County Council", "{} District Council", "{} Borough Council", "{} City Council",
    ),
    "voluntary_community": ("{} Voluntary Action", "{} Hospice", "{} Carers' Centre", "{} Mind"),
    "other": (
        "{} Primary Care Network Alliance", "{} Housing Association", "{} Fire and Rescue",
        "{} GP Federation",
    ),
}  # fmt: skip
FIRST_NAMES = (
    "Helen", "Julian", "Siobhan", "Imran", "Meilin", "Niall", "Priya", "Kwame", "Tomasz",
    "Catriona", "Gareth", "Amara", "Rhys", "Fiona", "Deepak", "Eleanor", "Oluwaseun", "Bethan",
    "Marcus", "Zainab", "Callum", "Harriet", "Ifeoma", "Stuart", "Anjali", "Declan", "Morag",
    "Hamza", "Lucy", "Owain", "Rosalind", "Tariq", "Yvonne", "Ewan", "Grace", "Kieran", "Nadia",
    "Philippa", "Rajesh", "Sinead", "Wendy", "Adebayo", "Bronwen", "Colin", "Dawn", "Farah",
    "Graham", "Isla", "Jasvinder", "Lorraine", "Mehmet", "Ruth", "Simon", "Theresa", "Victor",
)  # fmt: skip
SURNAMES = (
    "Marchbank", "Brackley", "Docherty", "Siddiqui", "Chen", "Byrne", "Raman", "Mensah",
    "Kowalski", "MacLeod", "Pritchard", "Okafor", "Llewellyn", "Ashworth", "Patel", "Whitfield",
    "Adeyemi", "Morgan", "Holloway", "Hussain", "Fraser", "Pennington", "Nwosu", "Cairns",
    "Sharma", "Gallagher", "Sutherland", "Akhtar", "Thornton", "Griffiths", "Ellison", "Qureshi",
    "Hartley", "McBride", "Osei", "Fairbairn", "Rahman", "Kavanagh", "Lambert", "Bhatti",
    "Rowntree", "Davies", "Carmichael", "Yilmaz", "Heslop", "Iqbal", "Underwood", "Walsh",
)  # fmt: skip
ROLES = (
    "Chief Executive", "Chief Operating Officer", "Director of Adult Social Care",
    "Director of Public Health", "Director of Nursing", "Medical Director",
    "Director of Strategy", "Chief Finance Officer", "Head of Housing",
    "Director of Children's Services", "Place Director", "Clinical Director",
    "Chief Officer", "Head of Partnerships", "Director of Transformation",
    "Assistant Director of Commissioning", "Deputy Chief Executive", "Head of Community Services",
)  # fmt: skip
FACILITATORS = (
    "Ruth Ellison", "Daniel Akers", "Maya Greenhalgh", "Owen Pryce", "Sunita Varma",
    "Hugh Calloway", "Bryony Tait", "Femi Adebisi",
)  # fmt: skip
VENUES = (
    "The Granary Rooms", "Riverside Conference Centre", "The Old Library", "Quayside Hub",
    "St Aidan's Hall", "The Mill", "County Hall, Committee Room 3", "The Boathouse",
)  # fmt: skip

_OPENERS = (
    "{a} opens on", "{a} comes back to", "{a} and {b} disagree about", "{a} asks {b} about",
    "Long silence after {a} raises", "{a} restates the same point about", "Room picks up",
    "{a} challenges {b} directly on", "{b} plays back {a}'s view of", "Table work on",
    "{a} names the tension over", "Nobody responds when {a} mentions", "{a} offers help with",
    "{a} and {b} trade positions on", "Group moves quickly past", "{a} shares a story about",
    "{b} interrupts {a} on", "Genuine question from {a} to {b} on", "{a} goes quiet during",
    "Laughter, then a serious turn to", "{a}, first real contribution, on", "Pairs discuss",
)  # fmt: skip
_TOPICS = (
    "the budget", "the waiting list", "discharge delays", "winter pressures",
    "the fixed budget for next year", "who holds the money", "the discharge grant",
    "the waiting list for community beds", "housing for people leaving hospital",
    "workforce gaps in home care", "the ICB's data", "mental health crisis beds",
    "the partnership board", "the shared care record", "GP access", "the hospital at home pilot",
    "the VCS ring-fence", "members' decisions", "the virtual ward overspend", "social prescribing",
    "the falls service", "the risk-share rule", "performance targets from the region",
    "the transfer of care hub", "carers' breaks", "prevention funding", "the estates plan",
    "the place-based budget", "recruitment to care homes", "the section 75 agreement",
    "the outcomes framework", "the neighbourhood teams", "ambulance handovers",
    "children's safeguarding", "the frailty pathway", "the cost of living", "delayed transfers",
)  # fmt: skip
_TAILS = (
    ".", "; nobody moves.", ", and the room warms.", ". Third time today, same words.",
    ". Worth returning to on day two.", ", then the group moves on.", ". A real question.",
    ": 'we can't commit until it has been to the board'.", ". Flipchart untouched.",
    "; asks what the others need.", ". Lands as a speech rather than an opening.",
    ": 'how can we help?'", ". Named it back lightly.", "; others listen properly.",
    ". Entrenched.", ". Brief silence, then laughter.", ". Offered to share the data.",
    ": 'that's the polite illusion again'.", ". Genuinely curious.", ", tone sharp.",
)  # fmt: skip
_RARE = "{a} reminds the room that the council holds a right of veto over {t}."
RARE_SHARE = 0.0005

CONFLICT_TITLES = (
    "Sharing a fixed budget when one partner over-performs",
    "District councils left out of system decisions",
    "Who leads on discharge to assess",
    "The hospital seen to speak for the national body",
    "Waiting list priorities across the system",
    "Ring-fencing voluntary sector grants",
    "Data the ICB does not share",
    "Winter plan agreed without the councils",
    "Who carries the risk of the virtual ward",
    "Estates decisions taken behind closed doors",
)
ACTIONS = (
    "Bring the history of the discharge grant decisions to the next session",
    "Share the waiting list data with all partners before the board",
    "Pilot the discharge checklist on one ward and report back",
    "Draft a risk-share rule for the fixed budget",
    "Set up fortnightly trio calls between modules",
    "Take the ring-fence proposal to members",
    "Invite the district councils to the winter planning group",
    "Write up the principles for working together and circulate them",
)
AGREEMENTS = (
    "Say whether you are speaking for your organisation or for the system",
    "Challenge in the room, not behind people's backs",
    "The partner that over-performs absorbs the first 3%; above that the pot is shared",
    "No decision about discharge without the housing teams in the room",
)
PARKED = (
    "What does 'agreed in principle' mean before cabinet?",
    "Who carries the first 3% when two partners over-perform?",
    "Mental health crisis beds alongside the VCS ring-fence",
    "How the waiting list is shared across the three trusts",
    "Whether the partnership board should hold a budget",
)
QUOTES = (
    "'We're very nice to each other in here, then it's a different story in the corridors.'",
    "'The envelope is the envelope.'",
    "'People trust their GP more than any of us, and we never use that.'",
    "'I go quiet the minute the finance slides come up.'",
    "'We don't own a single bed, so we have to be new power or nothing.'",
)
SECTIONS = {
    "summary": "The group moved from a polite illusion of a cohesive team towards honest "
    "conflict about {t} [#{n1}], with a partial agreement by the end [#{n2}].",
    "observed": "The morning was courteous and guarded [#{n1}]. In the afternoon the group "
    "worked through {t} and began to listen [#{n2}].",
    "factor-3": "A conflict over {t} surfaced [#{n1}] and was worked through [#{n2}].",
    "recommendations": "Return to {t} early next time, and keep the principles visible.",
    "next-steps": "Trios meet before the next session; the budget sheet goes to every partner.",
}


def person_name(rng: Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:2])


def note(rng: Random, a: str, b: str) -> str:
    """Return one facilitator note about people with initials `a` and `b`."""
    topic = rng.choice(_TOPICS)
    if rng.random() < RARE_SHARE:
        return _RARE.format(a=a, t=topic)
    return f"{rng.choice(_OPENERS).format(a=a, b=b)} {topic}{rng.choice(_TAILS)}"


def topic(rng: Random) -> str:
    return rng.choice(_TOPICS)
