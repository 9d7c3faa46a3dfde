"""The Dash app: factory, URL state, shared components, page plumbing."""
