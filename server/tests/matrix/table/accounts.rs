//! Signing in and out, accounts: anyone may ask; what happens is the person's own.
use super::{Judge, Rule, Scope, anyone, api, rule, signed_in};
use crate::support::PASSWORD;

/// The rules of signing in and out and of accounts, in the table's order.
pub(crate) fn rules() -> Vec<Rule> {
    use Judge::*;
    use Scope::*;
    vec![
        // Signing in and out, accounts: anyone may ask; what happens is the person's own.
        rule(
            "POST /api/dang-ky",
            Answer,
            Site(|world, _| {
                api(
                    "dang-ky",
                    &[
                        ("full_name", "Người Mới Đăng Ký".into()),
                        ("email", format!("{}@thu.nghiem.vn", world.fresh_word())),
                        ("password", "mot-mat-khau-dai-du".into()),
                        ("consent", "on".into()),
                    ],
                )
            }),
            anyone,
        ),
        rule(
            "POST /api/dang-nhap",
            Answer,
            Site(|world, w| {
                api(
                    "dang-nhap",
                    &[
                        ("email", world.email(w)),
                        ("password", PASSWORD.into()),
                        ("next", "/".into()),
                    ],
                )
            }),
            anyone,
        ),
        rule(
            "POST /api/xac-minh-email",
            Answer,
            Site(|_, _| api("xac-minh-email", &[("token", "khong-co".into())])),
            anyone,
        ),
        rule(
            "POST /api/quen-mat-khau",
            Answer,
            Site(|world, w| api("quen-mat-khau", &[("email", world.email(w))])),
            anyone,
        ),
        rule(
            "POST /api/dat-lai-mat-khau",
            Answer,
            Site(|_, _| {
                api(
                    "dat-lai-mat-khau",
                    &[
                        ("token", "khong-co".into()),
                        ("password", "mot-mat-khau-dai-du".into()),
                    ],
                )
            }),
            anyone,
        ),
        rule(
            "POST /api/dang-xuat",
            Answer,
            Site(|_, _| api("dang-xuat", &[])),
            anyone,
        ),
        rule(
            "POST /api/da-doc",
            Answer,
            Site(|_, _| api("da-doc", &[])),
            |w, _| signed_in(w),
        ),
        rule(
            "POST /api/gui-lai-xac-minh",
            Answer,
            Site(|_, _| api("gui-lai-xac-minh", &[("next", "/".into())])),
            |w, _| signed_in(w),
        ),
        rule(
            "POST /api/doi-mat-khau",
            Answer,
            Site(|_, _| {
                api(
                    "doi-mat-khau",
                    &[
                        ("current_password", PASSWORD.into()),
                        ("new_password", "mat-khau-moi-123".into()),
                    ],
                )
            }),
            |w, _| signed_in(w),
        ),
        rule(
            "POST /api/dang-xuat-tat-ca",
            Answer,
            Site(|_, _| api("dang-xuat-tat-ca", &[("confirm", "on".into())])),
            |w, _| signed_in(w),
        ),
        rule(
            "POST /api/ho-so-ca-nhan",
            Answer,
            Site(|world, w| {
                api(
                    "ho-so-ca-nhan",
                    &[
                        ("full_name", world.name(w)),
                        ("submitter_kind", String::new()),
                        ("position", String::new()),
                        ("qualification", String::new()),
                        ("unit", world.unit(w)),
                        ("birth_date", String::new()),
                        ("phone", String::new()),
                    ],
                )
            }),
            |w, _| signed_in(w),
        ),
    ]
}
