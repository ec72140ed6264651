from kooperacja.core.routes import route
from kooperacja.registry import views

app_name = "registry"

VIEW = "registry.view_organisation"
EDIT = "registry.edit_organisations"  # route level; each view checks "registry.change_organisation" on the object
DECIDE = "registry.decide_registers"  # route level; each view checks "registry.decide_register" on the object

urlpatterns = [
    route("", views.organisation_list, name="list", rule=VIEW, namespace=app_name),
    route("new/", views.organisation_create, name="create", rule="registry.add_organisation", namespace=app_name),
    route("<uuid:public_id>/", views.organisation_detail, name="detail", rule=VIEW, namespace=app_name),
    route("<uuid:public_id>/edit/", views.organisation_edit, name="edit", rule=EDIT, namespace=app_name),
    route(
        "<uuid:public_id>/reach/",
        views.organisation_reach,
        name="reach",
        rule="registry.change_reaches",
        namespace=app_name,
    ),
    # The voivode's decisions: route level, may the user decide anywhere; each view checks this organisation.
    route(
        "<uuid:public_id>/register/grant/",
        views.register_term_grant,
        name="register-grant",
        rule=DECIDE,
        namespace=app_name,
    ),
    route(
        "<uuid:public_id>/register/extend/",
        views.register_term_extend,
        name="register-extend",
        rule=DECIDE,
        namespace=app_name,
    ),
    route(
        "<uuid:public_id>/register/<num:term_id>/end/",
        views.register_term_end,
        name="register-end",
        rule=DECIDE,
        namespace=app_name,
    ),
    route(
        "<uuid:public_id>/social-enterprise/grant/",
        views.social_enterprise_grant,
        name="social-enterprise-grant",
        rule=DECIDE,
        namespace=app_name,
    ),
    route(
        "<uuid:public_id>/social-enterprise/<num:status_id>/decision/",
        views.social_enterprise_decision,
        name="social-enterprise-decision",
        rule=DECIDE,
        namespace=app_name,
    ),
    route(
        "<uuid:public_id>/social-enterprise/<num:status_id>/revoke/",
        views.social_enterprise_revoke,
        name="social-enterprise-revoke",
        rule=DECIDE,
        namespace=app_name,
    ),
    route(
        "<uuid:public_id>/workshops/new/", views.workshop_create, name="workshop-create", rule=EDIT, namespace=app_name
    ),
    route(
        "<uuid:public_id>/workshops/<num:workshop_id>/",
        views.workshop_edit,
        name="workshop-edit",
        rule=EDIT,
        namespace=app_name,
    ),
    route(
        "<uuid:public_id>/workshops/<num:workshop_id>/delete/",
        views.workshop_delete,
        name="workshop-delete",
        rule=EDIT,
        namespace=app_name,
    ),
    route("<uuid:public_id>/contacts/new/", views.contact_create, name="contact-create", rule=EDIT, namespace=app_name),
    route(
        "<uuid:public_id>/contacts/<num:contact_id>/",
        views.contact_edit,
        name="contact-edit",
        rule=EDIT,
        namespace=app_name,
    ),
    route(
        "<uuid:public_id>/contacts/<num:contact_id>/delete/",
        views.contact_delete,
        name="contact-delete",
        rule=EDIT,
        namespace=app_name,
    ),
    route("<uuid:public_id>/members/", views.members, name="members", rule="registry.view_members", namespace=app_name),
    # Route level: may the user manage members anywhere? The views check this organisation and role.
    route(
        "<uuid:public_id>/members/grant/",
        views.member_grant,
        name="member-grant",
        rule="registry.manage_members",
        namespace=app_name,
    ),
    route(
        "<uuid:public_id>/members/<num:membership_id>/revoke/",
        views.member_revoke,
        name="member-revoke",
        rule="registry.manage_members",
        namespace=app_name,
    ),
]
