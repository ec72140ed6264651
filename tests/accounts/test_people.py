"""People in histories are named with their role and organisation, never by their login."""

from django.template import Context, Template

from kooperacja.accounts.people import label_people, labelled
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


class Row:
    def __init__(self, actor):
        self.actor = actor


def test_it_names_people_with_role_and_organisation_in_one_query(world, django_assert_num_queries, polish):
    cis = OrganisationFactory(name="CIS Toruń")
    users = [UserFactory(username=f"login{i}", first_name="Ewa", last_name=f"Nowak{i}") for i in range(5)]
    for user in users:
        MembershipFactory(user=user, organisation=cis, role="social_worker")
    rows = [Row(user) for user in users] + [Row(None)]
    with django_assert_num_queries(1):
        label_people(rows)
    assert users[0].person_label == "Ewa Nowak0 (pracownik socjalny, CIS Toruń)"
    rendered = Template("{% load people %}{{ row.actor|person_label }}").render(Context({"row": rows[1]}))
    assert rendered == "Ewa Nowak1 (pracownik socjalny, CIS Toruń)"
    assert "login" not in rendered


def test_it_shows_the_full_name_without_labels_and_the_login_only_for_a_nameless_account(world):
    named = UserFactory(username="jnowak", first_name="Jan", last_name="Nowak")
    nameless = UserFactory(username="system-import", first_name="", last_name="")
    template = Template("{% load people %}{{ a|person_label }}|{{ b|person_label }}|{{ c|person_label }}")
    assert template.render(Context({"a": named, "b": nameless, "c": None})) == "Jan Nowak|system-import|"
    assert labelled([], "actor") == []
