"""What the site is made of: the plan, index groups, pages, feeds, exports and search, rendered as bytes."""
