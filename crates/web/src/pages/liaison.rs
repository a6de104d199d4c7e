//! Liaison (联系群众) pages, over the store's `liaison`.
//!
//! - [`opinions`]: the public station pages with their QR code, the anonymous opinion form,
//!   its receipt and the receipt lookup; staff's list and sorting; units' answers.
//! - [`stations`]: staff's page of a station (profile, attached deputies, reception days) and
//!   the portal's list of upcoming receptions.
//! - [`notices`]: a reception's 接待公告 previewed and issued by staff, downloaded by anyone.

pub mod notices;
pub mod opinions;
pub mod stations;
