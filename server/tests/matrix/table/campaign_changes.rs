//! Changes to a campaign (its phases, scoring settings, council, secretaries, ranking,
//! assignment, announcement, rubric) and to a person's roles.
use super::{Call, Judge, Rule, Scope, api, campaign_staff, council, rule, staff};
use crate::world::Who;

/// The rules of the changes to a campaign and to roles, in the table's order.
pub(crate) fn rules() -> Vec<Rule> {
    use Judge::*;
    use Scope::*;
    vec![
        // Changes to a campaign (a new campaign, with an entry decided and one eligible, for each
        // change the table allows).
        rule(
            "POST /api/giai-doan",
            Changes,
            Campaign(|_, c| {
                let today = domain::time::local_date(domain::time::now());
                let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
                api(
                    "giai-doan",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("phase", "vote".into()),
                        ("starts_on", day(today - chrono::Duration::days(5))),
                        ("ends_on", day(today + chrono::Duration::days(45))),
                    ],
                )
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/cau-hinh-cham",
            Changes,
            Campaign(|_, c| {
                api(
                    "cau-hinh-cham",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("aggregation", "median".into()),
                        ("pass_mark", "55".into()),
                        ("provincial_mark", "85".into()),
                        ("reviewers_per_entry", "2".into()),
                        ("vote_numerator", "2".into()),
                        ("vote_denominator", "3".into()),
                        ("spread_pct", "25".into()),
                        ("outlier_sd", "2".into()),
                    ],
                )
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/thanh-vien-hd",
            Changes,
            Campaign(|_, c| {
                api(
                    "thanh-vien-hd",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("email", "giamkhao2@thu.nghiem.vn".into()),
                        ("role", "member".into()),
                    ],
                )
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/xoa-thanh-vien-hd",
            Changes,
            Campaign(|world, c| {
                api(
                    "xoa-thanh-vien-hd",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("user_id", world.person(Who::Member).id.to_string()),
                        ("confirm", "on".into()),
                    ],
                )
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/chon-xep-hang",
            Changes,
            Campaign(|_, c| {
                api(
                    "chon-xep-hang",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("by", "calibrated".into()),
                    ],
                )
            }),
            |w, _| w == Who::Chair,
        ),
        rule(
            // A long export asked for: the meeting sheet, for the council and the campaign's staff.
            "POST /api/xuat-van-ban",
            Changes,
            Campaign(|_, c| {
                api(
                    "xuat-van-ban",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("kind", "meeting_sheet".into()),
                    ],
                )
            }),
            |w, _| campaign_staff(w) || council(w),
        ),
        rule(
            "POST /api/ap-dung-phan-cong",
            Changes,
            Campaign(|world, c| {
                api(
                    "ap-dung-phan-cong",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("cap", "5".into()),
                        (
                            "pairs[0]",
                            format!("{}:{}", c.accepted, world.person(Who::OtherReviewer).id),
                        ),
                    ],
                )
            }),
            // A conflicted secretary assigns nothing: the eligible entry is one they are in conflict with.
            |w, _| staff(w),
        ),
        rule(
            "POST /api/cong-bo",
            Changes,
            Campaign(|_, c| {
                api(
                    "cong-bo",
                    &[("campaign_id", c.id.to_string()), ("confirm", "on".into())],
                )
            }),
            |w, _| campaign_staff(w),
        ),
        // The summing-up: its rules, its list built, a proposal edited and struck out, the list
        // issued; the campaign's staff only (a conflict is about one entry).
        rule(
            "POST /api/tieu-chi-khen-thuong",
            Changes,
            Campaign(|_, c| {
                api(
                    "tieu-chi-khen-thuong",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("individual_level", "co_so".into()),
                        ("individual_share", "30".into()),
                        ("collective_count", "2".into()),
                        ("collective_level", "co_so".into()),
                    ],
                )
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/lap-danh-sach-khen-thuong",
            Changes,
            Campaign(|_, c| {
                api(
                    "lap-danh-sach-khen-thuong",
                    &[("campaign_id", c.id.to_string())],
                )
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/sua-de-nghi-khen-thuong",
            Changes,
            Campaign(|_, c| {
                api(
                    "sua-de-nghi-khen-thuong",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("proposal_id", c.proposal.to_string()),
                        ("award", "Giấy khen của Giám đốc Sở".into()),
                        ("note", "Ghi chú".into()),
                    ],
                )
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/bo-de-nghi-khen-thuong",
            Changes,
            Campaign(|_, c| {
                api(
                    "bo-de-nghi-khen-thuong",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("proposal_id", c.proposal.to_string()),
                        ("confirm", "on".into()),
                    ],
                )
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/ban-hanh-khen-thuong",
            Changes,
            Campaign(|_, c| {
                api(
                    "ban-hanh-khen-thuong",
                    &[("campaign_id", c.id.to_string()), ("confirm", "on".into())],
                )
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/bo-tieu-chi",
            Changes,
            Campaign(|world, c| {
                let mut form = vec![("campaign_id".to_string(), c.id.to_string())];
                for (k, (_, max, code, name)) in world
                    .criteria
                    .iter()
                    .map(|x| (x.0, x.2, &x.3, &x.4))
                    .enumerate()
                {
                    form.push((format!("criteria[{k}][code]"), code.clone()));
                    form.push((format!("criteria[{k}][name]"), name.clone()));
                    form.push((format!("criteria[{k}][max_points]"), max.to_string()));
                    form.push((format!("criteria[{k}][weight]"), "2".into()));
                    form.push((format!("criteria[{k}][comment_rule]"), "below:50".into()));
                    form.push((format!("criteria[{k}][bands]"), String::new()));
                }
                Call::Post("/api/bo-tieu-chi".into(), form)
            }),
            |w, _| campaign_staff(w),
        ),
        rule(
            "POST /api/giao-thu-ky",
            Changes,
            Campaign(|_, c| {
                api(
                    "giao-thu-ky",
                    &[
                        ("campaign_id", c.id.to_string()),
                        ("email", "thuky2@thu.nghiem.vn".into()),
                    ],
                )
            }),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/bo-thu-ky",
            Changes,
            Campaign(|world, c| {
                api(
                    "bo-thu-ky",
                    &[
                        ("campaign_id", c.id.to_string()),
                        (
                            "user_id",
                            world.person(Who::ConflictedSecretary).id.to_string(),
                        ),
                    ],
                )
            }),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/mo-dot",
            Changes,
            Site(|_, _| {
                api(
                    "mo-dot",
                    &[
                        ("name", "Đợt thi đua thử nghiệm 2031".into()),
                        ("year", "2031".into()),
                        ("opens", "2031-03-01".into()),
                        ("closes", "2031-09-30".into()),
                        ("about", String::new()),
                    ],
                )
            }),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/sao-chep-dot",
            Changes,
            Site(|world, _| {
                api(
                    "sao-chep-dot",
                    &[
                        ("from", world.app.f.open_campaign.to_string()),
                        ("new_name", "Đợt sao chép thử nghiệm".into()),
                        ("new_year", "2027".into()),
                    ],
                )
            }),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/luu-tru-dot",
            Changes,
            Site(|world, _| {
                api(
                    "luu-tru-dot",
                    &[
                        ("campaign_id", world.finished.to_string()),
                        ("confirm", "on".into()),
                    ],
                )
            }),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/khoi-phuc-dot",
            Changes,
            Site(|world, _| {
                api(
                    "khoi-phuc-dot",
                    &[("campaign_id", world.archived.to_string())],
                )
            }),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/moi-nguoi-dung",
            Changes,
            Site(|_, _| {
                api(
                    "moi-nguoi-dung",
                    &[
                        ("invite_name", "Lường Thị Mời".into()),
                        ("invite_email", "duocmoi@thu.nghiem.vn".into()),
                        ("reviewer", "on".into()),
                    ],
                )
            }),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/khoa-tai-khoan",
            Changes,
            Site(|world, _| {
                api(
                    "khoa-tai-khoan",
                    &[
                        ("user_id", world.active.to_string()),
                        ("confirm", "on".into()),
                    ],
                )
            }),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/gui-lai-thu",
            Changes,
            Site(|world, _| api("gui-lai-thu", &[("mail_id", world.unsent_mail.to_string())])),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/xoa-du-lieu-tai-khoan",
            Changes,
            Site(|world, _| {
                api(
                    "xoa-du-lieu-tai-khoan",
                    &[
                        ("user_id", world.erasable.to_string()),
                        ("confirm", "on".into()),
                    ],
                )
            }),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/mo-tai-khoan",
            Changes,
            Site(|world, _| api("mo-tai-khoan", &[("user_id", world.inactive.to_string())])),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/gui-dat-lai-mat-khau",
            Changes,
            Site(|world, _| {
                api(
                    "gui-dat-lai-mat-khau",
                    &[("user_id", world.spare.to_string())],
                )
            }),
            |w, _| w == Who::Admin,
        ),
        rule(
            "POST /api/phan-quyen",
            Changes,
            Site(|world, _| {
                api(
                    "phan-quyen",
                    &[
                        ("user_id", world.spare.to_string()),
                        ("reviewer", "on".into()),
                    ],
                )
            }),
            |w, _| w == Who::Admin,
        ),
    ]
}
