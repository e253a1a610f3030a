"""Plausible, entirely fictional people, homes and incident accounts for demo data."""

import random
from datetime import date, datetime, timedelta

from incidents.models import Behaviour, Channel, DiscriminationGround

FIRST_NAMES = [
    "Aaliyah",
    "Abdul",
    "Adam",
    "Agnieszka",
    "Aisha",
    "Alan",
    "Alice",
    "Amara",
    "Amir",
    "Andrew",
    "Anita",
    "Ann",
    "Arjun",
    "Barbara",
    "Ben",
    "Bilal",
    "Blessing",
    "Brian",
    "Carol",
    "Chen",
    "Chloe",
    "Chidi",
    "Claire",
    "Craig",
    "Daniel",
    "Darren",
    "David",
    "Deborah",
    "Dennis",
    "Dorota",
    "Duncan",
    "Edith",
    "Elif",
    "Emma",
    "Eric",
    "Fatou",
    "Fiona",
    "Gareth",
    "Gemma",
    "George",
    "Hamza",
    "Hannah",
    "Helen",
    "Ian",
    "Imran",
    "Ioana",
    "Jack",
    "Jade",
    "Jamal",
    "James",
    "Jane",
    "Jasmine",
    "Jason",
    "Jennifer",
    "Joanne",
    "John",
    "Joseph",
    "Karen",
    "Kasia",
    "Kevin",
    "Kwame",
    "Laura",
    "Lee",
    "Leon",
    "Linda",
    "Lisa",
    "Mandeep",
    "Marek",
    "Margaret",
    "Maria",
    "Mark",
    "Mary",
    "Mehmet",
    "Michael",
    "Mohammed",
    "Nadia",
    "Natalie",
    "Neil",
    "Nicola",
    "Nkechi",
    "Oliver",
    "Olivia",
    "Patrick",
    "Paul",
    "Precious",
    "Priya",
    "Rachel",
    "Raj",
    "Rebecca",
    "Richard",
    "Rita",
    "Robert",
    "Roisin",
    "Ryan",
    "Sadia",
    "Samuel",
    "Sandra",
    "Sarah",
    "Sean",
    "Sharon",
    "Shirley",
    "Simon",
    "Siobhan",
    "Sophie",
    "Stephen",
    "Susan",
    "Tariq",
    "Terry",
    "Thomas",
    "Tomasz",
    "Tracey",
    "Valentina",
    "Wayne",
    "Wei",
    "William",
    "Yusuf",
    "Zainab",
    "Zoe",
]
LAST_NAMES = [
    "Abbott",
    "Adeyemi",
    "Ahmed",
    "Ali",
    "Allen",
    "Anderson",
    "Bailey",
    "Baker",
    "Begum",
    "Bennett",
    "Bibi",
    "Brooks",
    "Campbell",
    "Carter",
    "Chowdhury",
    "Clarke",
    "Collins",
    "Cooper",
    "Davies",
    "Dawson",
    "Edwards",
    "Evans",
    "Fisher",
    "Fletcher",
    "Foster",
    "Gray",
    "Green",
    "Griffiths",
    "Hall",
    "Harris",
    "Hill",
    "Hughes",
    "Hussain",
    "Iqbal",
    "Jackson",
    "James",
    "Jenkins",
    "Johnson",
    "Jones",
    "Kaur",
    "Kelly",
    "Khan",
    "King",
    "Kowalski",
    "Lewis",
    "Lloyd",
    "Marshall",
    "Martin",
    "Mason",
    "Mensah",
    "Mitchell",
    "Moore",
    "Morgan",
    "Morris",
    "Murphy",
    "Nowak",
    "Obi",
    "O'Brien",
    "Okoro",
    "Owen",
    "Parker",
    "Patel",
    "Phillips",
    "Powell",
    "Price",
    "Rahman",
    "Reid",
    "Richards",
    "Roberts",
    "Robinson",
    "Rogers",
    "Russell",
    "Scott",
    "Shah",
    "Shaw",
    "Singh",
    "Smith",
    "Stewart",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]
STREETS = [
    "Acacia Road",
    "Albert Street",
    "Ashley Down Road",
    "Beech Close",
    "Birch Avenue",
    "Bristol Road",
    "Brunel Way",
    "Canal Walk",
    "Castle Street",
    "Cedar Court",
    "Church Lane",
    "Clifton Terrace",
    "Coronation Road",
    "Dock Lane",
    "Elm Grove",
    "Fairfield Road",
    "Ferry Street",
    "Gloucester Road",
    "Granby Hill",
    "Hawthorn Drive",
    "High Street",
    "Holly Walk",
    "Kingsway",
    "Lark Rise",
    "Lime Kiln Lane",
    "Long Ashton Road",
    "Maple Close",
    "Mead Way",
    "Mill Lane",
    "Narrow Quay",
    "Oak Tree Court",
    "Orchard Rise",
    "Park Row",
    "Quarry Road",
    "Queen Street",
    "Redcliffe Way",
    "Riverside",
    "School Lane",
    "Severn View",
    "Station Road",
    "Stokes Croft",
    "Temple Gate",
    "Tower Hill",
    "Union Street",
    "Victoria Park",
    "Wellington Road",
    "Willow Walk",
    "Windmill Hill",
]
AREAS = [  # (postcode areas, town)
    (["BS1", "BS2", "BS3", "BS4", "BS5"], "Bristol"),
    (["BS6", "BS7", "BS8", "BS9"], "Bristol"),
    (["BA1", "BA2"], "Bath"),
    (["TA1", "TA2"], "Taunton"),
]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

WHAT_HAPPENED = {
    Behaviour.THREATS: "said they would 'sort out' the colleague when they next came to the "
    "estate and made a gesture across their throat",
    Behaviour.BULLYING: "repeatedly belittled the colleague in front of other residents and "
    "mocked how they spoke",
    Behaviour.PHYSICAL_VIOLENCE: "pushed the colleague against the door frame when asked to "
    "step back from the meter cupboard",
    Behaviour.PERSONAL_ABUSE: "called the colleague useless and worse, and made remarks about "
    "their family",
    Behaviour.SHOUTING_ABUSIVE_LANGUAGE: "shouted and swore continuously for several minutes "
    "and would not let the colleague speak",
    Behaviour.SEXUALISED: "made comments about the colleague's body and asked whether they "
    "lived alone",
    Behaviour.MISOGYNISTIC: "said they would not deal with 'a woman' and demanded a male manager",
    Behaviour.DEROGATORY_REMARKS: "made remarks about the colleague's background and told "
    "them to 'go back where they came from'",
    Behaviour.MALICIOUS_STATEMENTS: "posted the colleague's name and photograph on a local "
    "social media group with untrue allegations of theft",
    Behaviour.EXCESSIVE_INFORMATION: "sent more than forty attachments in one day about the "
    "same repair and asked for every internal email about it",
    Behaviour.SERVICE_ABOVE_STANDARDS: "demanded a same-day visit for a routine repair and a "
    "named senior manager at every appointment",
    Behaviour.EXCESSIVE_APPROACHES: "contacted the office eleven times in one morning by "
    "phone, email and in person about the same matter",
    Behaviour.UNREASONABLE_TIMESCALE: "demanded a full written answer within the hour and "
    "threatened to go to the press if not",
    Behaviour.ONE_EMPLOYEE_ONLY: "refused to speak to anyone but one officer, including "
    "while that officer was on leave",
    Behaviour.HIGH_VOLUME_CONTACT: "made over thirty calls to the contact centre in a week, "
    "most after the matter had been answered",
    Behaviour.CHANGING_SUBSTANCE: "changed the substance of their complaint for the fourth "
    "time after each stage response",
    Behaviour.NOT_OUR_RESPONSIBILITY: "complained repeatedly about council bin collections "
    "and a neighbour's private parking",
}
EXACT_WORDS = [
    "You'd better watch yourself next time you come round here.",
    "I know where you park.",
    "Get out of my face, you're a waste of space.",
    "I'll be on the phone every day until you do what I say.",
    "",
    "",
]
UNACCEPTABLE = [
    Behaviour.THREATS,
    Behaviour.BULLYING,
    Behaviour.PHYSICAL_VIOLENCE,
    Behaviour.PERSONAL_ABUSE,
    Behaviour.SHOUTING_ABUSIVE_LANGUAGE,
    Behaviour.SEXUALISED,
    Behaviour.MISOGYNISTIC,
    Behaviour.DEROGATORY_REMARKS,
    Behaviour.MALICIOUS_STATEMENTS,
]
# How often each kind is reported: shouting and abuse are common, violence is rare.
BEHAVIOUR_WEIGHTS = {
    Behaviour.SHOUTING_ABUSIVE_LANGUAGE: 30,
    Behaviour.PERSONAL_ABUSE: 18,
    Behaviour.THREATS: 12,
    Behaviour.EXCESSIVE_APPROACHES: 10,
    Behaviour.HIGH_VOLUME_CONTACT: 8,
    Behaviour.DEROGATORY_REMARKS: 5,
    Behaviour.BULLYING: 5,
    Behaviour.ONE_EMPLOYEE_ONLY: 5,
    Behaviour.UNREASONABLE_TIMESCALE: 4,
    Behaviour.CHANGING_SUBSTANCE: 4,
    Behaviour.MALICIOUS_STATEMENTS: 3,
    Behaviour.EXCESSIVE_INFORMATION: 3,
    Behaviour.SERVICE_ABOVE_STANDARDS: 3,
    Behaviour.NOT_OUR_RESPONSIBILITY: 3,
    Behaviour.MISOGYNISTIC: 3,
    Behaviour.SEXUALISED: 2,
    Behaviour.PHYSICAL_VIOLENCE: 2,
}
CHANNEL_WEIGHTS = {
    Channel.PHONE: 35,
    Channel.IN_PERSON: 20,
    Channel.HOME_VISIT: 15,
    Channel.EMAIL: 15,
    Channel.SOCIAL_MEDIA: 5,
    Channel.LETTER: 3,
    Channel.ONLINE_PORTAL: 5,
    Channel.OTHER: 2,
}


def person_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def address(rng: random.Random, number: int) -> dict[str, str]:
    outwards, town = rng.choice(AREAS)
    outward = rng.choice(outwards)
    inward = f"{rng.randint(1, 9)}{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"
    flat = f"Flat {rng.randint(1, 24)}" if rng.random() < 0.35 else ""
    return {
        "address_line_1": f"{(number % 180) + 1} {rng.choice(STREETS)}",
        "address_line_2": flat,
        "town": town,
        "postcode": f"{outward} {inward}",
    }


def date_of_birth(rng: random.Random, today: date) -> date:
    return today - timedelta(days=rng.randint(18 * 365, 92 * 365))


def behaviours(rng: random.Random) -> list[str]:
    kinds, weights = list(BEHAVIOUR_WEIGHTS), list(BEHAVIOUR_WEIGHTS.values())
    chosen = {rng.choices(kinds, weights)[0] for _ in range(rng.choice([1, 1, 1, 2, 2, 3]))}
    return sorted(chosen)


def channel(rng: random.Random) -> str:
    return rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))[0]


def grounds(rng: random.Random) -> list[str]:
    return sorted({rng.choice(DiscriminationGround.values[:-1]) for _ in range(rng.randint(1, 2))})


def description(rng: random.Random, chosen: list[str], name: str, at: datetime) -> str:
    parts = [WHAT_HAPPENED[Behaviour(kind)] for kind in chosen]
    when = "in the evening" if at.hour >= 18 else "during the day"
    return (
        f"{name} {' and '.join(parts)}. This happened {when}; the colleague ended the "
        f"contact and reported it straight away."
    )


def exact_words(rng: random.Random) -> str:
    return rng.choice(EXACT_WORDS)


def incident_counts(rng: random.Random, people: int, total: int) -> list[int]:
    """How many incidents each person responsible has, summing to `total`: most one or two,
    a few prolific. Fewer people than asked for when there are fewer incidents than people."""
    people = max(1, min(people, total))
    raw = [min(rng.paretovariate(1.3), 400.0) for _ in range(people)]
    scale = total / sum(raw)
    counts = [max(1, int(value * scale)) for value in raw]
    difference, index = total - sum(counts), 0
    while difference:
        slot = index % people
        if difference > 0:
            counts[slot] += 1
            difference -= 1
        elif counts[slot] > 1:
            counts[slot] -= 1
            difference += 1
        index += 1
    return counts


def moment_within(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = (end - start).total_seconds()
    return start + timedelta(seconds=rng.random() * span)
