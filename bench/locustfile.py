"""A working day of casework staff traffic, for locust (run by bench/load.py, in .venv-load).

Each virtual user is a colleague already signed in: bench/load_setup.py made the sessions
and sampled the ids (LOAD_DIR/sessions.json and ids.json), so nobody uses the sign-in form.

The mix, by weight: person search 5, person page 3, case page 3, report an incident 1.
"Log contact" belongs in the mix too but does not exist yet (the contact-log issue); add it
here, with its weight, when it does.
"""

import json
import os
import random
import re
from datetime import datetime, timedelta
from itertools import cycle
from pathlib import Path

from locust import HttpUser, between, task

LOAD_DIR = Path(os.environ.get("LOAD_DIR", "var/load"))
SESSIONS = cycle(json.loads((LOAD_DIR / "sessions.json").read_text()))
IDS = json.loads((LOAD_DIR / "ids.json").read_text())
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Colleague(HttpUser):
    # Think time between pages: reading a result, typing the next name.
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        signed_in = next(SESSIONS)
        self.client.cookies.set("sessionid", signed_in["session"])
        self.case_ids = IDS["cases"][signed_in["cases"]]

    @task(5)
    def person_search(self) -> None:
        self.client.get("/people/", params={"q": random.choice(IDS["searches"])}, name="search")

    @task(3)
    def person_page(self) -> None:
        self.client.get(f"/people/person/{random.choice(IDS['person_ids'])}/", name="person")

    @task(3)
    def case_page(self) -> None:
        self.client.get(f"/cases/{random.choice(self.case_ids)}/", name="case")

    @task(1)
    def report_incident(self) -> None:
        # Open the form (it sets the CSRF cookie and token), then send it as a colleague would.
        form = self.client.get("/incidents/report/", name="report form")
        token = CSRF_FIELD.search(form.text)
        if token is None:
            return  # the form itself failed, and locust has counted that
        when = datetime.now() - timedelta(hours=random.randint(1, 48))
        with self.client.post(
            "/incidents/report/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "responsible": [str(random.choice(IDS["person_ids"]))],
                "occurred_date": when.strftime("%Y-%m-%d"),
                "occurred_time": when.strftime("%H:%M"),
                "colleague_at_work": "yes",
                "channel": "phone",
                "unacceptable_behaviours": ["shouting"],
                "description": "Shouted and swore about a repair (load benchmark).",
                "directed_at_me": "on",
                "injuries": "no",
                "police_attended": "no",
            },
            headers={"Referer": f"{self.host}/incidents/report/"},
            allow_redirects=False,
            name="report (POST)",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"report answered {response.status_code}, not a redirect")
