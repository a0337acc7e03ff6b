-- Console search of every job by customer name or email (the Jobs tab's filter): a trigram index
-- answers "contains" searches without reading every customer. pg_trgm ships with PostgreSQL's
-- contrib modules (and Supabase); where it cannot be created the search still works, by a scan.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is not available (%): the console search will scan the customers', SQLERRM;
END $$;

-- The text a search looks in; the console's query uses this same expression so the index applies.
CREATE OR REPLACE FUNCTION public.customer_search_text(p_name text, p_email text, p_business_email text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(coalesce(p_name, '') || ' ' || coalesce(p_email, '') || ' ' || coalesce(p_business_email, ''))
$$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    EXECUTE 'CREATE INDEX IF NOT EXISTS customers_search_trgm_idx ON customers USING gin '
            '(public.customer_search_text(business_name, email, business_email) gin_trgm_ops)';
  END IF;
EXCEPTION WHEN OTHERS THEN  -- e.g. the extension lives in a schema outside the search path
  RAISE NOTICE 'no trigram index for the console search (%): it will scan the customers', SQLERRM;
END $$;
