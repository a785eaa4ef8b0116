//! The focus: what a person sees and does there (tests added with the readable-answers work).
