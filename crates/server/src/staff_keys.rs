//! Staff API keys, for machine clients (integrations): created on the command line
//! (`portal-server staff-key create --role ROLE`), shown once, stored only as a SHA-256, and
//! checked with people's sessions by [`crate::staff::StaffAuth`] on every staff route.

/// The prefix of every staff key, so a key pasted in the wrong place is recognisable.
pub const KEY_PREFIX: &str = "pps_";

pub use crate::staff::StaffAuth;
pub use crate::store::staff_keys::{create, list, revoke, StaffKey};
