"""Schemathesis over the whole OpenAPI schema: no server error, no response outside the schema.

One test (the demo world is loaded once): for each operation, Hypothesis draws valid and invalid
requests (bounded number of examples) sent with the token of a user drawn among several roles; path
ids are drawn among the objects that exist, so detail pages and actions are reached too.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from reussite.accounts.models import User

pytestmark = pytest.mark.django_db

# One user per kind of power over the demo world (usernames of README.md).
ROLES = [
    "coordination.metropole",
    "coordination.dijon",
    "finances.metropole",
    "secretariat.ccas-dijon",
    "referent.dijon",
    "psychologue",
    "elu.metropole",
]
EXAMPLES_PER_OPERATION = 30
# Undocumented status codes (400, 403, 404) are not checked: drf-spectacular documents successes only.
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _schema():
    document = SchemaGenerator().get_schema(request=None, public=True)
    return schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))


def _existing_ids(client_token, path):
    """Ids of the objects listed by the collection endpoint of ``path`` (``/x/{id}/…`` → ``/x/``)."""
    from django.test import Client

    collection = path.split("{id}")[0]
    response = Client().get(collection, HTTP_AUTHORIZATION=f"Token {client_token}")
    if response.status_code != 200:
        return []
    rows = response.json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    return [row["id"] for row in rows if isinstance(row, dict) and "id" in row][:20]


def _summary(error) -> str:
    """The failure's title and its reproduction command, without the long traceback."""
    lines = [line for line in str(error).splitlines() if line.strip()]
    return "\n".join(lines[:12])


def test_no_server_error_and_no_response_outside_the_schema(demo_world):
    tokens = {username: Token.objects.create(user=User.objects.get(username=username)).key for username in ROLES}
    admin_token = tokens["coordination.metropole"]
    application = get_wsgi_application()
    failures = []
    for result in _schema().get_all_operations():
        operation = result.ok()
        ids = _existing_ids(admin_token, operation.path) if "{id}" in operation.path else []
        cases = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )
        real_id = st.sampled_from(ids) if ids else st.nothing()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases, role=st.sampled_from(ROLES), real_id=st.one_of(st.none(), real_id))
        def run(case, role, real_id):
            if real_id is not None and case.path_parameters and "id" in case.path_parameters:
                case.path_parameters["id"] = real_id
            response = case.call(app=application, headers={"Authorization": f"Token {tokens[role]}"})
            case.validate_response(response, checks=CHECKS)

        # Django's test client does the same: closing the connection would end the test's transaction.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # every operation is tried, all failures reported
            failures.append(f"{operation.label}: {_summary(error)}")
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
    assert not failures, "\n\n".join(failures)
