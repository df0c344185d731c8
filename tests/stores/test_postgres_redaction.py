"""Issue 12: a PostgreSQL password never shows in a location, an error message, a repr or a str.

Every form a secret can take: the user-info password (also with an unencoded ``@``), the
``password``/``passfile``/``sslpassword``/``sslkey`` query parameters, and libpq's keyword/value
form. The connections below fail on purpose (wrong password, unknown host): their messages are
the ones that used to carry the secret.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import pytest

import claimtrack as ct
from claimtrack.errors import StoreError
from claimtrack.stores._urls import normalised_url, redact, scrub, secrets_of
from claimtrack.stores.postgres import redact_url

SECRET = "Zq9-secret"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (f"postgresql://u:{SECRET}@db.example/ledger", "postgresql://u:***@db.example/ledger"),
        (f"postgresql://u:p@{SECRET}@db.example/ledger", "postgresql://u:***@db.example/ledger"),
        (f"postgres://u@db.example/ledger?password={SECRET}&sslmode=require", "sslmode=require"),
        (f"postgresql://db.example/ledger?sslmode=verify-full&sslpassword={SECRET}", "sslpassword=***"),
        (f"postgresql://db.example/ledger?sslkey=/keys/{SECRET}.pem", "sslkey=***"),
        (f"postgresql://db.example/ledger?passfile=/home/{SECRET}/.pgpass", "passfile=***"),
        (f"host=db.example dbname=ledger user=u password={SECRET}", "host=db.example dbname=ledger user=u"),
        (f"host=db.example password='{SECRET} with spaces' user=u", "user=u"),
        (
            f"connection to postgresql://u:{SECRET}@h/db failed: password={SECRET}",
            "connection to postgresql://u:***@h/db",
        ),
    ],
)
def test_redact_removes_every_form_of_secret(text: str, kept: str) -> None:
    shown = redact(text)
    assert SECRET not in shown
    assert kept in shown
    assert redact_url(text) == shown


def test_a_driver_message_quoting_part_of_an_unencoded_password_is_scrubbed() -> None:
    """libpq reads ``u:p@ss@host`` at the first ``@`` and reports the host ``ss@host``."""
    url = "postgresql://u:p@Zq9secret@127.0.0.1:5432/db"
    message = "failed to resolve host 'Zq9secret@127.0.0.1': Name or service not known"
    assert "Zq9secret" not in scrub(message, secrets_of(url))


def test_an_unencoded_at_in_the_password_is_encoded_before_connecting() -> None:
    assert normalised_url("postgresql://u:p@ss@h:5432/db?x=1") == "postgresql://u:p%40ss@h:5432/db?x=1"
    assert normalised_url("postgresql://u:plain@h/db") == "postgresql://u:plain@h/db"


def _forms(postgres_url: str) -> list[str]:
    parts = urlsplit(postgres_url)
    host = parts.netloc.rsplit("@", 1)[1]
    return [
        urlunsplit(parts._replace(netloc=f"{parts.username}:{SECRET}@{host}")),
        urlunsplit(parts._replace(netloc=f"{parts.username}:p@{SECRET}@{host}")),
        urlunsplit(parts._replace(netloc=f"{parts.username}@{host}", query=f"password={SECRET}")),
        urlunsplit(parts._replace(netloc=f"{parts.username}:{SECRET}@no-such-host.invalid")),
        urlunsplit(parts._replace(netloc=f"{parts.username}:p@{SECRET}@no-such-host.invalid")),
    ]


def test_failed_connections_never_show_the_password(postgres_url: str) -> None:
    for url in _forms(postgres_url):
        with pytest.raises(StoreError) as info:
            ct.Ledger.open(url)
        error = info.value
        for shown in (str(error), repr(error), error.message, str(error.location), repr(error.args)):
            assert SECRET not in shown, (url, shown)
        assert error.location is not None
        assert "***" in error.location


def test_an_open_store_shows_no_password(postgres_schema: str) -> None:
    real = urlsplit(postgres_schema).password
    assert real
    with ct.Ledger.open(postgres_schema) as ledger:
        for shown in (ledger.store.location, repr(ledger.store), repr(ledger), str(ledger)):
            assert real not in shown
        assert "***" in ledger.store.location


def test_cli_errors_never_show_the_password(postgres_url: str) -> None:
    from click.testing import CliRunner

    from claimtrack.cli import main

    for url in _forms(postgres_url):
        result = CliRunner().invoke(main, ["list", "--ledger", url])
        assert result.exit_code == 1
        assert SECRET not in result.output
