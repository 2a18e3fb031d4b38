//! Service tests of the review councils (issue 4): phases, screening, conflicts through the
//! organisation tree, automatic assignment at scale, the rubric's rules and lock, and the audit chain.
//!
//! - `review`: screening, conflicts of interest (organisation tree, declared, arising later),
//!   manual and automatic assignment, reviewers' redacted and blind view, score sheets' bands.
//! - `council`: phases, the rubric (bands, comment rules, weights, lock), the chair and the
//!   ranking, settings, the panel's aggregation and disagreement flags.
//! - `vote`: the council's vote (two thirds, secret ballot, an open vote kept unreadable),
//!   decisions, and the announcement that publishes them.
//! - `audit`: the audit chain and its tampering.
//! - `documents`: the workbooks and PDFs read back (calamine, pdftotext, pdftoppm), and who may have them.
//! - `summing`: a campaign's summing-up: figures, units ranked, proposals for commendation by the
//!   secretariat's rules, edited then issued and frozen; its workbook and report read back.
//! - `support`: the helpers shared by the modules above (set-up, filing, screening, errors).

mod audit;
mod council;
mod documents;
mod review;
mod summing;
mod support;
mod vote;
