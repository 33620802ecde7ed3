"""The counters of calls for funds and deliberations carry their last numbers over to the core counter."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("funding", "0003_funding_year_pro_rata_message"), ("governance", "0001_initial"), ("core", "0002_counter")]
AFTER = [("funding", "0004_call_counter_to_core_counter"), ("governance", "0002_deliberation_counter_to_core_counter")]


@pytest.mark.django_db(transaction=True)
def test_existing_counter_values_are_carried_over():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Network = apps.get_model("territory", "Network")
    Organisation = apps.get_model("territory", "Organisation")
    Body = apps.get_model("governance", "Body")
    network = Network.objects.create(name="Réseau")
    issuer = Organisation.objects.create(network=network, name="Métropole", short_name="Métropole", kind="metropole")
    body = Body.objects.create(organisation=issuer, kind="council", name="Conseil", code="CM")
    apps.get_model("funding", "CallForFundsCounter").objects.create(issuer=issuer, year=2025, last_number=41)
    apps.get_model("governance", "DeliberationCounter").objects.create(body=body, year=2024, last_number=7)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    Counter = executor.loader.project_state(AFTER).apps.get_model("core", "Counter")
    assert set(Counter.objects.values_list("series", "owner_id", "year", "last_number")) == {
        ("funding.call_for_funds", issuer.pk, 2025, 41),
        ("governance.deliberation", body.pk, 2024, 7),
    }
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
