//! Registration, sign-in, sign-out, and who is signed in.
use crate::dto::UserDto;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in person, if any (for the header and pages).
#[server(endpoint = "toi")]
pub async fn get_me() -> Result<Option<UserDto>, AppError> {
    Ok(crate::ssr::current_user().await?.map(UserDto::from))
}

/// Registers a submitter and signs them in.
#[server(endpoint = "dang-ky")]
pub async fn register(full_name: String, email: String, password: String) -> Result<(), AppError> {
    use crate::ssr::*;
    use types::{Email, FieldErrors, FullName, Password};
    let mut errors = FieldErrors::default();
    let name = errors.take("full_name", FullName::parse(&full_name));
    let mail = errors.take("email", Email::parse(&email));
    let pw = errors.take("password", Password::parse(&password));
    let values = vec![
        ("full_name".to_string(), full_name),
        ("email".to_string(), email),
    ];
    let (Some(name), Some(mail), Some(pw)) = (name, mail, pw) else {
        return refuse_form(None, values, errors, "/dang-ky").await;
    };
    let s = services()?;
    match domain::accounts::register(&s.db, name, mail, pw).await {
        Ok(user) => {
            let token = domain::accounts::create_session(&s.db, user.id)
                .await
                .map_err(map_err)?;
            set_session_cookie(&token);
            redirect("/cua-toi?chao=1");
            Ok(())
        }
        Err(domain::Error::Invalid(errors)) => refuse_form(None, values, errors, "/dang-ky").await,
        Err(e) => Err(map_err(e)),
    }
}

/// Signs in and goes to `next` (a local path) or the home page.
#[server(endpoint = "dang-nhap")]
pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use crate::ssr::*;
    let s = services()?;
    let next = safe_next(next.as_deref().unwrap_or("/"));
    match domain::accounts::authenticate(&s.db, &email, &password).await {
        Ok(user) => {
            let token = domain::accounts::create_session(&s.db, user.id)
                .await
                .map_err(map_err)?;
            set_session_cookie(&token);
            redirect(&next);
            Ok(())
        }
        Err(domain::Error::Invalid(errors)) => {
            let values = vec![
                ("email".to_string(), email),
                ("next".to_string(), next.clone()),
            ];
            refuse_form(
                None,
                values,
                errors,
                &format!("/dang-nhap?next={}", encode(&next)),
            )
            .await
        }
        Err(e) => Err(map_err(e)),
    }
}

/// Signs out of this session.
#[server(endpoint = "dang-xuat")]
pub async fn logout() -> Result<(), AppError> {
    crate::ssr::end_session().await?;
    crate::ssr::redirect("/");
    Ok(())
}
