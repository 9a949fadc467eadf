-- Listing outputs (find_outputs) walks a basket in insertion order. This
-- covering index lets PostgreSQL pick the page of ids from the index alone,
-- checking tags and state there, and read only the rows it returns: with
-- 100,000 outputs a basket-plus-two-tags page costs about a millisecond
-- instead of a bitmap intersection over every row of the basket.
-- Adds only; 001–006 stay as the Ruby gem made them.

CREATE INDEX wallet_outputs_basket_id_listing_index ON wallet_outputs (basket, id)
  INCLUDE (tags, state, spendable);
