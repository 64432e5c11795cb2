//! Pieces shared by the widget's views.

pub mod phone;
