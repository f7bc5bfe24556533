//! `/settings/team`: who is in the company and as what. Admins and owners also change roles,
//! remove members, and invite people (by email, or by a link to pass on when the server
//! cannot send email). Only owners touch owners; nobody removes themselves here.

use kura_shared::{Email, ErrorCode, Role};
use leptos::html::Input;
use leptos::prelude::*;
use leptos::web_sys::SubmitEvent;

use super::{
    DataTable, DateText, Flash, FlashNotice, Panel, RelativeText, RoleBadge, RowAction, can_manage,
    resource_list,
};
use crate::api::ApiError;
use crate::api::accounts::team::{
    self, Invitation, InviteInput, InvitePayload, Member, change_member_role, remove_member,
    revoke_invitation, set_member_locations,
};
use crate::api::session::use_session;
use crate::components::{
    ConfirmDialog, Dialog, DialogFormActions, FieldError, FormError, FormErrors, FormState, Icon,
    IconKind, ListEmpty, LocationPicker, Pending, Problem, SecretCallout, TextField,
    focus_first_invalid,
};
use crate::i18n::{Msg, error_message, reason_message, role_label, tr, use_i18n};

/// The roles `viewer` may give: anything but owner, unless they are one.
fn assignable_roles(viewer: Role) -> &'static [Role] {
    if viewer == Role::Owner {
        Role::ALL
    } else {
        &Role::ALL[1..]
    }
}

/// True when the viewer may change or remove `member`: they manage the company, it isn't
/// themselves, and owners are left to owners.
fn may_manage(viewer_role: Role, viewer_id: &str, member: &Member) -> bool {
    can_manage(viewer_role)
        && member.user.id != viewer_id
        && (member.role != Role::Owner || viewer_role == Role::Owner)
}

/// True when `role` may be limited to some locations: everyone below an admin (admins and
/// owners always work everywhere).
fn limitable(role: Role) -> bool {
    !role.at_least(Role::Admin)
}

/// What to say when a member change is refused.
fn member_error(error: &ApiError) -> Msg {
    match error.code() {
        Some(ErrorCode::Conflict) => Msg::LastOwnerConflict,
        Some(ErrorCode::Forbidden) => Msg::OwnersOnly,
        _ => error_message(error),
    }
}

/// A role's one-line description, for the invite dialog.
fn role_description(role: Role) -> Msg {
    match role {
        Role::Owner => Msg::RoleOwnerHint,
        Role::Admin => Msg::RoleAdminHint,
        Role::Manager => Msg::RoleManagerHint,
        Role::Staff => Msg::RoleStaffHint,
        Role::Viewer => Msg::RoleViewerHint,
    }
}

/// Members, pending invitations and the invite dialog.
#[component]
pub fn TeamPage() -> impl IntoView {
    let session = use_session();
    let Some(viewer) = untrack(|| session.viewer()) else {
        return ().into_any();
    };
    let manage = can_manage(viewer.role);
    let members = LocalResource::new(team::members);
    let invitations = manage.then(|| LocalResource::new(team::invitations));
    let flash = RwSignal::new(None::<Flash>);
    let inviting = RwSignal::new(false);
    let invite_button = move || {
        manage.then(|| {
            view! {
                <button
                    class="button button-primary"
                    type="button"
                    data-testid="invite-member"
                    on:click=move |_| inviting.set(true)
                >
                    <Icon kind=IconKind::Plus />
                    <span>{tr(Msg::InviteMember)}</span>
                </button>
            }
        })
    };
    let viewer_id = viewer.user.id.clone();
    view! {
        <div class="settings-page" data-testid="team-page">
            <FlashNotice flash=flash />
            <Panel title=Msg::MembersTitle subtitle=Msg::MembersSubtitle actions=invite_button>
                <MembersTable
                    members=members
                    viewer_role=viewer.role
                    viewer_id=viewer_id
                    flash=flash
                />
            </Panel>
            {invitations
                .map(|invitations| view! { <InvitationsPanel invitations=invitations flash=flash /> })}
            {move || {
                inviting
                    .get()
                    .then(|| {
                        view! {
                            <InviteDialog
                                viewer_role=viewer.role
                                on_close=move |()| inviting.set(false)
                                on_invited=move |email: String| {
                                    if let Some(invitations) = invitations {
                                        invitations.refetch();
                                    }
                                    flash.set(Some(Flash::done(Msg::InvitationSentTo, email)));
                                }
                            />
                        }
                    })
            }}
        </div>
    }
    .into_any()
}

/// Headings of the members table, before the actions column.
const MEMBER_COLUMNS: &[Msg] = &[
    Msg::ColumnName,
    Msg::FieldEmail,
    Msg::FieldRole,
    Msg::TeamColumnLocations,
    Msg::ColumnJoined,
];

/// Headings of the invitations table, before the actions column.
const INVITATION_COLUMNS: &[Msg] = &[
    Msg::FieldEmail,
    Msg::FieldRole,
    Msg::ColumnInvitedBy,
    Msg::ColumnSent,
    Msg::ColumnExpires,
];

#[component]
fn MembersTable(
    members: LocalResource<Result<Vec<Member>, ApiError>>,
    viewer_role: Role,
    viewer_id: String,
    flash: RwSignal<Option<Flash>>,
) -> impl IntoView {
    let removing = Pending::<Member>::new();
    let placing = RwSignal::new(None::<Member>);
    let manage = can_manage(viewer_role);
    let on_remove = move |member: Member| {
        removing.run(
            member,
            |m| remove_member(m.user.id),
            member_error,
            move || members.refetch(),
        );
    };
    let on_changed = move |result: Result<(String, Role), ApiError>| {
        match result {
            Ok((name, _)) => flash.set(Some(Flash::done(Msg::RoleChangedFor, name))),
            Err(error) => flash.set(Some(Flash::failed(member_error(&error)))),
        }
        // Also puts a refused select back to the role the server kept.
        members.refetch();
    };
    let list = resource_list(
        members,
        4,
        || {
            view! {
                <ListEmpty icon=IconKind::Users title=Msg::MembersEmptyTitle body=Msg::MembersEmptyBody />
            }
            .into_any()
        },
        move |list| {
            let rows = list
                .into_iter()
                .map(|member| {
                    let editable = may_manage(viewer_role, &viewer_id, &member);
                    let is_self = member.user.id == viewer_id;
                    view! {
                        <MemberRow
                            member=member
                            viewer_role=viewer_role
                            editable=editable
                            is_self=is_self
                            manage=manage
                            on_remove=move |m: Member| removing.ask(m)
                            on_locations=move |m: Member| placing.set(Some(m))
                            on_changed=on_changed
                        />
                    }
                })
                .collect_view();
            view! {
                <DataTable columns=MEMBER_COLUMNS actions=manage>
                    {rows}
                </DataTable>
            }
            .into_any()
        },
    );
    let placing_dialog = move || {
        placing.get().map(|member| {
            view! {
                <MemberLocationsDialog
                    member=member
                    on_close=move |()| placing.set(None)
                    on_saved=move |name: String| {
                        placing.set(None);
                        members.refetch();
                        flash.set(Some(Flash::done(Msg::TeamLocationsSavedFor, name)));
                    }
                />
            }
        })
    };
    view! {
        {list}
        {placing_dialog}
        <ConfirmDialog
            pending=removing
            title=Msg::RemoveMemberTitle
            body=Msg::RemoveMemberBody
            confirm_label=Msg::RemoveMember
            describe=|m: &Member, _| format!("{} <{}>", m.user.name, m.user.email)
            on_confirm=on_remove
        />
    }
}

#[component]
fn MemberRow(
    member: Member,
    viewer_role: Role,
    editable: bool,
    is_self: bool,
    manage: bool,
    #[prop(into)] on_remove: Callback<Member>,
    #[prop(into)] on_locations: Callback<Member>,
    #[prop(into)] on_changed: Callback<Result<(String, Role), ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let saving = RwSignal::new(false);
    let role_cell = if editable {
        let (user_id, name) = (member.user.id.clone(), member.user.name.clone());
        let label_name = name.clone();
        let current = member.role;
        let on_change = move |ev: leptos::ev::Event| {
            let Ok(role) = event_target_value(&ev).parse::<Role>() else {
                return;
            };
            if role == current {
                return;
            }
            let (user_id, name) = (user_id.clone(), name.clone());
            saving.set(true);
            leptos::task::spawn_local(async move {
                let result = change_member_role(user_id, role).await;
                saving.try_set(false);
                on_changed.run(result.map(|()| (name, role)));
            });
        };
        view! {
            <select
                class="select select-compact"
                data-testid="member-role-select"
                aria-label=move || format!("{} – {}", i18n.t(Msg::FieldRole), label_name)
                prop:value=current.as_str()
                disabled=move || saving.get()
                on:change=on_change
            >
                {assignable_roles(viewer_role)
                    .iter()
                    .map(|role| {
                        view! {
                            <option value=role.as_str() selected=*role == current>
                                {tr(role_label(*role))}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        }
        .into_any()
    } else {
        view! { <RoleBadge role=member.role /> }.into_any()
    };
    let locations_cell = if member.locations.is_empty() {
        view! { <span class="cell-muted" data-testid="member-locations">{tr(Msg::AllLocations)}</span> }
            .into_any()
    } else {
        let chips = member
            .locations
            .iter()
            .map(|l| view! { <span class="chip" title=l.code.clone()>{l.name.clone()}</span> })
            .collect_view();
        view! { <span class="location-chips" data-testid="member-locations">{chips}</span> }
            .into_any()
    };
    let placeable = editable && limitable(member.role);
    let actions = manage.then(|| {
        let target = member.clone();
        let placed = member.clone();
        view! {
            <td class="cell-actions">
                <span class="row-actions">
                {placeable
                    .then(|| {
                        view! {
                            <button
                                class="button button-small button-ghost"
                                type="button"
                                data-testid="member-locations-edit"
                                on:click=move |_| on_locations.run(placed.clone())
                            >
                                <Icon kind=IconKind::Locations />
                                <span>{tr(Msg::TeamEditLocations)}</span>
                            </button>
                        }
                    })}
                {editable
                    .then(|| {
                        view! {
                            <RowAction
                                label=Msg::RemoveMember
                                testid="member-remove"
                                icon=IconKind::Trash
                                on_click=move |()| on_remove.run(target.clone())
                            />
                        }
                    })}
                </span>
            </td>
        }
    });
    view! {
        <tr data-testid="member-row" data-email=member.user.email.clone()>
            <td>
                <span class="cell-primary">{member.user.name.clone()}</span>
                {is_self.then(|| view! { " " <span class="badge badge-accent">{tr(Msg::You)}</span> })}
            </td>
            <td class="cell-muted">{member.user.email.clone()}</td>
            <td>{role_cell}</td>
            <td>{locations_cell}</td>
            <td class="cell-muted">
                <DateText at=member.joined_at.clone() />
            </td>
            {actions}
        </tr>
    }
}

#[component]
fn InvitationsPanel(
    invitations: LocalResource<Result<Vec<Invitation>, ApiError>>,
    flash: RwSignal<Option<Flash>>,
) -> impl IntoView {
    let revoking = Pending::<Invitation>::new();
    let on_revoke = move |invitation: Invitation| {
        let email = invitation.email.clone();
        revoking.run(
            invitation,
            |i| revoke_invitation(i.id),
            error_message,
            move || {
                invitations.refetch();
                flash.set(Some(Flash::done(Msg::InvitationRevokedFor, email)));
            },
        );
    };
    let list = resource_list(
        invitations,
        2,
        || {
            view! {
                <ListEmpty icon=IconKind::Mail title=Msg::InvitationsEmptyTitle body=Msg::InvitationsEmptyBody />
            }
            .into_any()
        },
        move |list| {
            let rows = list
                .into_iter()
                .map(|invitation| {
                    let target = invitation.clone();
                    view! {
                        <tr data-testid="invitation-row" data-email=invitation.email.clone()>
                            <td class="cell-primary">{invitation.email.clone()}</td>
                            <td>
                                <RoleBadge role=invitation.role />
                            </td>
                            <td class="cell-muted">
                                {invitation.invited_by.map(|i| i.name).unwrap_or_else(|| "—".to_owned())}
                            </td>
                            <td class="cell-muted">
                                <RelativeText at=invitation.created_at />
                            </td>
                            <td class="cell-muted">
                                <DateText at=invitation.expires_at />
                            </td>
                            <td class="cell-actions">
                                <RowAction
                                    label=Msg::RevokeInvitation
                                    testid="invitation-revoke"
                                    on_click=move |()| revoking.ask(target.clone())
                                />
                            </td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <DataTable columns=INVITATION_COLUMNS actions=true>
                    {rows}
                </DataTable>
            }
            .into_any()
        },
    );
    view! {
        <Panel title=Msg::InvitationsTitle subtitle=Msg::InvitationsSubtitle>
            {list}
        </Panel>
        <ConfirmDialog
            pending=revoking
            title=Msg::RevokeInvitationTitle
            body=Msg::RevokeInvitationBody
            confirm_label=Msg::RevokeInvitation
            describe=|i: &Invitation, _| i.email.clone()
            on_confirm=on_revoke
        />
    }
}

/// What the invite form knows before asking the server.
fn check_invite(email: &str) -> FormErrors {
    let mut errors = FormErrors::default();
    if let Err(e) = Email::parse(email) {
        let msg = reason_message(e.code()).unwrap_or(Msg::ReasonEmailInvalid);
        errors.add("email", Problem::Msg(msg));
    }
    errors
}

/// The server's refusal of an invitation, in this form's words.
fn invite_errors(error: &ApiError) -> FormErrors {
    let mut errors = FormErrors::from_api(error, &["email"], Msg::ErrorUnauthenticated);
    match error.code() {
        // "Already a member or invited" comes as a conflict on the email.
        Some(ErrorCode::Conflict) => {
            errors.replace("email", Some(Problem::Msg(Msg::InviteConflict)));
        }
        Some(ErrorCode::Forbidden) => {
            errors = FormErrors::default();
            errors.add("role", Problem::Msg(Msg::InviteOwnerForbidden));
        }
        _ => {}
    }
    errors
}

#[component]
fn InviteDialog(
    viewer_role: Role,
    #[prop(into)] on_close: Callback<()>,
    /// Called with the invitee's email when they were emailed.
    #[prop(into)]
    on_invited: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Staff);
    let chosen_locations = RwSignal::new(Vec::<String>::new());
    let form = FormState::default();
    let errors = form.errors;
    let email_ref = NodeRef::<Input>::new();
    let focus = move |found: &FormErrors| focus_first_invalid(found, &[("email", email_ref)]);
    // Set when no email could be sent: the link to pass on by hand.
    let link = RwSignal::new(None::<(String, String)>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let email_value = email.get_untracked();
        if !form.begin(|| check_invite(&email_value), focus) {
            return;
        }
        let role = role.get_untracked();
        let input = InviteInput {
            email: email_value.trim().to_owned(),
            role,
            location_ids: if limitable(role) {
                chosen_locations.get_untracked()
            } else {
                Vec::new()
            },
        };
        leptos::task::spawn_local(async move {
            let result = team::invite(input).await;
            match form.settle(result, invite_errors, focus) {
                Some(InvitePayload {
                    invitation,
                    accept_url: Some(url),
                    ..
                }) => {
                    // Listed as pending already; the dialog stays to hand over the link.
                    on_invited.run(invitation.email.clone());
                    link.try_set(Some((invitation.email, url)));
                }
                Some(InvitePayload { invitation, .. }) => {
                    on_invited.run(invitation.email);
                    on_close.run(());
                }
                None => {}
            }
        });
    };
    let form_view = move || {
        view! {
            <form class="dialog-body dialog-form" novalidate on:submit=on_submit>
                <FormError error=form.form() />
                <TextField
                    name="email"
                    label=Msg::FieldEmail
                    kind="email"
                    autocomplete="off"
                    testid="invite-email"
                    placeholder=Msg::PlaceholderInviteEmail
                    value=email
                    node_ref=email_ref
                    error=form.field("email")
                />
                <div class="field" class:field-invalid=move || errors.with(|e| e.field("role").is_some())>
                    <label class="field-label" for="field-role">{tr(Msg::FieldRole)}</label>
                    <select
                        class="select"
                        id="field-role"
                        data-testid="invite-role"
                        prop:value=move || role.get().as_str()
                        on:change=move |ev| {
                            if let Ok(r) = event_target_value(&ev).parse::<Role>() {
                                role.set(r);
                            }
                        }
                    >
                        {assignable_roles(viewer_role)
                            .iter()
                            .map(|r| {
                                view! {
                                    <option value=r.as_str() selected=*r == Role::Staff>
                                        {tr(role_label(*r))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="field-hint role-hint" data-testid="invite-role-hint">
                        {move || i18n.t(role_description(role.get()))}
                    </p>
                    <FieldError name="role" error=form.field("role") />
                </div>
                {move || limitable(role.get()).then(|| view! {
                    <div class="field">
                        <span class="field-label">{tr(Msg::TeamInviteLocations)}</span>
                        <LocationPicker chosen=chosen_locations testid="invite-locations" />
                        <p class="field-hint">{tr(Msg::TeamLocationsHint)}</p>
                    </div>
                })}
                <DialogFormActions
                    on_cancel=on_close
                    label=Msg::SendInvitation
                    busy_label=Msg::SendingInvitation
                    testid="invite-submit"
                    busy=form.busy
                />
            </form>
        }
    };
    let handover = move |(invitee, url): (String, String)| {
        view! {
            <div class="dialog-body">
                <p>
                    {tr(Msg::InviteLinkIntro)}
                    " "
                    <strong>{invitee}</strong>
                </p>
                <SecretCallout
                    title=Msg::InviteLinkTitle
                    body=Msg::InviteLinkBody
                    value=url
                    testid="invite-link"
                />
            </div>
            <footer class="dialog-actions">
                <button class="button button-primary" type="button" on:click=move |_| on_close.run(())>
                    {tr(Msg::Done)}
                </button>
            </footer>
        }
    };
    view! {
        <Dialog title=Msg::InviteMember testid="invite-dialog" on_close=on_close>
            {move || match link.get() {
                Some(pair) => handover(pair).into_any(),
                None => form_view().into_any(),
            }}
        </Dialog>
    }
}

/// Changing which locations a member may work at.
#[component]
fn MemberLocationsDialog(
    member: Member,
    #[prop(into)] on_close: Callback<()>,
    /// Called with the member's name once saved.
    #[prop(into)]
    on_saved: Callback<String>,
) -> impl IntoView {
    let chosen = RwSignal::new(
        member
            .locations
            .iter()
            .map(|l| l.id.clone())
            .collect::<Vec<_>>(),
    );
    let form = FormState::default();
    let (user_id, name) = (member.user.id.clone(), member.user.name.clone());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !form.begin(FormErrors::default, |_| {}) {
            return;
        }
        let (user_id, name) = (user_id.clone(), name.clone());
        let ids = chosen.get_untracked();
        leptos::task::spawn_local(async move {
            let result = set_member_locations(user_id, ids).await;
            let explain = |e: &_| FormErrors::from_api(e, &[], Msg::ErrorUnauthenticated);
            if form.settle(result, explain, |_| {}).is_some() {
                on_saved.run(name);
            }
        });
    };
    let subject = format!("{} <{}>", member.user.name, member.user.email);
    view! {
        <Dialog title=Msg::TeamLocationsTitle testid="member-locations-dialog" on_close=on_close>
            <form class="dialog-body dialog-form" novalidate on:submit=on_submit>
                <p class="confirm-subject">{subject}</p>
                <FormError error=form.form() />
                <LocationPicker chosen=chosen testid="member-locations-picker" />
                <p class="field-hint">{tr(Msg::TeamLocationsHint)}</p>
                <DialogFormActions
                    on_cancel=on_close
                    label=Msg::SaveChanges
                    busy_label=Msg::Saving
                    testid="member-locations-save"
                    busy=form.busy
                />
            </form>
        </Dialog>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::GraphQlError;
    use crate::api::accounts::team::MemberUser;

    fn member(id: &str, role: Role) -> Member {
        Member {
            user: MemberUser {
                id: id.to_owned(),
                email: format!("{id}@example.jp"),
                name: id.to_owned(),
            },
            role,
            joined_at: "2026-01-01T00:00:00Z".to_owned(),
            locations: Vec::new(),
        }
    }

    #[test]
    fn only_owners_manage_owners_and_nobody_manages_themselves() {
        assert!(may_manage(Role::Owner, "me", &member("a", Role::Owner)));
        assert!(!may_manage(Role::Admin, "me", &member("a", Role::Owner)));
        assert!(may_manage(Role::Admin, "me", &member("a", Role::Staff)));
        assert!(!may_manage(Role::Owner, "me", &member("me", Role::Owner)));
        assert!(!may_manage(Role::Manager, "me", &member("a", Role::Viewer)));
    }

    #[test]
    fn admins_cannot_hand_out_ownership() {
        assert!(assignable_roles(Role::Owner).contains(&Role::Owner));
        assert!(!assignable_roles(Role::Admin).contains(&Role::Owner));
        assert_eq!(assignable_roles(Role::Admin).len(), Role::ALL.len() - 1);
    }

    #[test]
    fn an_existing_member_or_invitee_is_explained_under_the_email() {
        let conflict = ApiError::GraphQl(vec![GraphQlError {
            message: "already a member".to_owned(),
            code: Some(ErrorCode::Conflict),
            field: Some("email".to_owned()),
            reason: None,
        }]);
        assert_eq!(
            invite_errors(&conflict).field("email"),
            Some(Problem::Msg(Msg::InviteConflict))
        );
        let forbidden = ApiError::GraphQl(vec![GraphQlError::with_code(
            ErrorCode::Forbidden,
            "owners only",
        )]);
        let errors = invite_errors(&forbidden);
        assert_eq!(
            errors.field("role"),
            Some(Problem::Msg(Msg::InviteOwnerForbidden))
        );
        assert_eq!(errors.form(), None);
    }
}
