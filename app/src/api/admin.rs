//! Accounts and roles (admins only).
use crate::dto::UserDto;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "tai-khoan")]
pub async fn admin_users() -> Result<Vec<UserDto>, AppError> {
    use crate::ssr::*;
    let user = require_user().await?;
    let users = domain::accounts::list_users(&services()?.db, &user)
        .await
        .map_err(map_err)?;
    Ok(users.into_iter().map(UserDto::from).collect())
}

/// Sets the roles of one account from the checkboxes of the admin page.
#[server(endpoint = "phan-quyen")]
pub async fn set_roles(
    user_id: i64,
    reviewer: Option<String>,
    secretary: Option<String>,
    admin: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::*;
    use types::Role;
    let actor = require_user().await?;
    let roles: Vec<Role> = [
        (reviewer, Role::Reviewer),
        (secretary, Role::Secretary),
        (admin, Role::Admin),
    ]
    .into_iter()
    .filter_map(|(v, r)| v.is_some().then_some(r))
    .collect();
    match domain::accounts::set_roles(&services()?.db, &actor, user_id, &roles).await {
        Ok(()) => {
            redirect("/quan-tri?luu=1");
            Ok(())
        }
        Err(domain::Error::Invalid(e)) => {
            refuse_form(
                Some(actor.id),
                vec![("user_id".into(), user_id.to_string())],
                e,
                "/quan-tri",
            )
            .await
        }
        Err(e) => Err(map_err(e)),
    }
}
