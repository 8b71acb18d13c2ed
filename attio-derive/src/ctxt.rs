//! The error-accumulating context: every check records its mistakes here so that one
//! compile reports all of them, not just the first.

use std::cell::RefCell;
use std::fmt::Display;

use proc_macro2::Span;
use quote::ToTokens;

/// Collects `syn::Error`s while parsing and checking one derive input.
///
/// Shared by reference (`&Ctxt`) so that closures passed to syn's attribute parser can
/// record errors and keep going.
#[derive(Default)]
pub(crate) struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    /// Records an error at `span`.
    pub(crate) fn error_at(&self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    /// Records an error spanning all of `tokens`.
    pub(crate) fn error_spanned(&self, tokens: impl ToTokens, message: impl Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// Records an error produced elsewhere (for example by syn's parser).
    pub(crate) fn push(&self, error: syn::Error) {
        self.errors.borrow_mut().push(error);
    }

    /// How many errors were recorded so far.
    pub(crate) fn len(&self) -> usize {
        self.errors.borrow().len()
    }

    /// `Ok` when nothing was recorded, otherwise every error combined into one.
    pub(crate) fn finish(self) -> syn::Result<()> {
        let mut errors = self.errors.into_inner().into_iter();
        match errors.next() {
            None => Ok(()),
            Some(mut first) => {
                errors.for_each(|e| first.combine(e));
                Err(first)
            }
        }
    }
}
