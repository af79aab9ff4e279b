//! The per-catalog HTTP impls that `error_catalog!` expands for its `ApiError`, chosen
//! by this crate's features (so a catalog of one's own gets them too), and the axum
//! impls of the generic types.

/// `From<ApiError> for http::Response<String>` and, with feature `axum`,
/// `IntoResponse for ApiError` (feature `http`).
#[cfg(feature = "http")]
#[doc(hidden)]
#[macro_export]
macro_rules! __error_catalog_http {
    ($api:ident) => {
        impl ::core::convert::From<$api>
            for $crate::__private::http::Response<::std::string::String>
        {
            fn from(error: $api) -> Self {
                $crate::http::response(&error)
            }
        }
        $crate::__error_catalog_axum!($api);
    };
}

/// Without feature `http`: nothing.
#[cfg(not(feature = "http"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __error_catalog_http {
    ($api:ident) => {};
}

/// `IntoResponse for ApiError` (feature `axum`).
#[cfg(feature = "axum")]
#[doc(hidden)]
#[macro_export]
macro_rules! __error_catalog_axum {
    ($api:ident) => {
        impl $crate::__private::axum_core::response::IntoResponse for $api {
            fn into_response(self) -> $crate::__private::axum_core::response::Response {
                $crate::http::response(&self).map($crate::__private::axum_core::body::Body::from)
            }
        }
    };
}

/// Without feature `axum`: nothing.
#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __error_catalog_axum {
    ($api:ident) => {};
}

#[cfg(feature = "axum")]
mod axum {
    use axum_core::body::Body;
    use axum_core::response::{IntoResponse, Response};

    use crate::{CatalogCode, CatalogError, Envelope, ErrorObject};

    impl<C: CatalogCode> IntoResponse for ErrorObject<C> {
        fn into_response(self) -> Response {
            crate::http::response(&self).map(Body::from)
        }
    }

    impl<E: CatalogError> IntoResponse for Envelope<E> {
        fn into_response(self) -> Response {
            crate::http::response(&self.error).map(Body::from)
        }
    }
}
