"""Run the test identity provider: `python -m tests.oidc_provider.serve PORT`, with
OIDC_PROVIDER_DB (an SQLite file) and OIDC_PROVIDER_SETUP (JSON: client and people) set.
Creates its database, a confidential client and the people, then serves until killed."""

import json
import os
import sys

from jwcrypto import jwk


def main(port: int) -> None:
    os.environ.setdefault(
        "OIDC_PROVIDER_KEY",
        jwk.JWK.generate(kty="RSA", size=2048)
        .export_to_pem(private_key=True, password=None)
        .decode(),
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    setup(json.loads(os.environ["OIDC_PROVIDER_SETUP"]))

    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application

    print("READY", flush=True)
    run("127.0.0.1", port, get_wsgi_application(), threading=True, server_cls=WSGIServer)


def setup(config: dict) -> None:
    from oauth2_provider.models import Application

    client = config["client"]
    Application.objects.update_or_create(
        client_id=client["id"],
        defaults={
            "name": "Joint Procedures Library",
            "client_secret": client["secret"],
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "redirect_uris": client["redirect_uri"],
            "algorithm": Application.RS256_ALGORITHM,
            "skip_authorization": True,
        },
    )
    for person in config["people"]:
        set_person(person)


def set_person(person: dict) -> None:
    from django.contrib.auth.models import Group, User

    user, _ = User.objects.get_or_create(username=person["username"])
    user.first_name, user.last_name = person["first_name"], person["last_name"]
    user.email = person["email"]
    user.set_password(person["password"])
    user.save()
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in person["groups"]])


if __name__ == "__main__":
    if sys.argv[1:2] == ["set-person"]:
        os.environ.setdefault("OIDC_PROVIDER_KEY", "unused")
        os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
        import django

        django.setup()
        set_person(json.loads(sys.argv[2]))
    else:
        main(int(sys.argv[1]))
