-- xlkpi leads: Leads, per month, options: defaults; duckdb SQL
WITH "t1" AS (
  SELECT
    *
  FROM "leads" AS "t0"
  WHERE
    "t0"."created_date" IS NOT NULL
), "t14" AS (
  SELECT
    MIN("t11"."lo") AS "lo",
    MAX("t11"."hi") AS "hi"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          (
            (
              (
                EXTRACT(year FROM MIN("t2"."created_date")) - 1970
              ) * 12
            ) + EXTRACT(month FROM MIN("t2"."created_date"))
          ) - 1 AS "lo",
          (
            (
              (
                EXTRACT(year FROM MAX("t2"."created_date")) - 1970
              ) * 12
            ) + EXTRACT(month FROM MAX("t2"."created_date"))
          ) - 1 AS "hi"
        FROM "t1" AS "t2"
      ) AS "t4"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          (
            (
              (
                EXTRACT(year FROM MIN("t2"."mql_date")) - 1970
              ) * 12
            ) + EXTRACT(month FROM MIN("t2"."mql_date"))
          ) - 1 AS "lo",
          (
            (
              (
                EXTRACT(year FROM MAX("t2"."mql_date")) - 1970
              ) * 12
            ) + EXTRACT(month FROM MAX("t2"."mql_date"))
          ) - 1 AS "hi"
        FROM "t1" AS "t2"
      ) AS "t5"
    ) AS "t8"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          (
            (
              (
                EXTRACT(year FROM MIN("t2"."sql_date")) - 1970
              ) * 12
            ) + EXTRACT(month FROM MIN("t2"."sql_date"))
          ) - 1 AS "lo",
          (
            (
              (
                EXTRACT(year FROM MAX("t2"."sql_date")) - 1970
              ) * 12
            ) + EXTRACT(month FROM MAX("t2"."sql_date"))
          ) - 1 AS "hi"
        FROM "t1" AS "t2"
      ) AS "t6"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          (
            (
              (
                EXTRACT(year FROM MIN("t2"."won_date")) - 1970
              ) * 12
            ) + EXTRACT(month FROM MIN("t2"."won_date"))
          ) - 1 AS "lo",
          (
            (
              (
                EXTRACT(year FROM MAX("t2"."won_date")) - 1970
              ) * 12
            ) + EXTRACT(month FROM MAX("t2"."won_date"))
          ) - 1 AS "hi"
        FROM "t1" AS "t2"
      ) AS "t7"
    ) AS "t9"
  ) AS "t11"
)
SELECT
  "t21"."p" AS "period",
  '' AS "segment",
  CASE
    WHEN "t21"."covered"
    THEN CAST("t21"."leads" AS DOUBLE)
    ELSE CAST(NULL AS DOUBLE)
  END AS "value"
FROM (
  SELECT
    "t20"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t20"."p" >= "t17"."lo0"
        ) AND (
          "t20"."p" <= "t17"."hi0"
        )
      ),
      FALSE
    ) AS "covered",
    COALESCE("t13"."leads", 0) AS "leads",
    "t13"."closed",
    "t13"."qualified"
  FROM (
    SELECT
      UNNEST(RANGE("t18"."lo", "t18"."hi" + 1, 1)) AS "p"
    FROM (
      SELECT
        MIN("t15"."lo") AS "lo",
        MAX("t15"."hi") AS "hi"
      FROM "t14" AS "t15"
    ) AS "t18"
  ) AS "t20"
  CROSS JOIN (
    SELECT
      "t15"."lo" AS "lo0",
      "t15"."hi" AS "hi0"
    FROM "t14" AS "t15"
  ) AS "t17"
  LEFT OUTER JOIN (
    SELECT
      "t10"."p" AS "p_fact",
      "t10"."leads",
      "t10"."closed",
      "t10"."qualified"
    FROM (
      SELECT
        "t3"."p",
        COUNT(*) AS "leads",
        SUM(CASE WHEN COALESCE("t3"."won_date" IS NOT NULL, FALSE) THEN 1 ELSE 0 END) AS "closed",
        SUM(CASE WHEN COALESCE("t3"."mql_date" IS NOT NULL, FALSE) THEN 1 ELSE 0 END) AS "qualified"
      FROM (
        SELECT
          "t0"."lead_id",
          "t0"."created_date",
          "t0"."source",
          "t0"."mql_date",
          "t0"."sql_date",
          "t0"."won_date",
          "t0"."customer_id",
          (
            (
              (
                EXTRACT(year FROM "t0"."created_date") - 1970
              ) * 12
            ) + EXTRACT(month FROM "t0"."created_date")
          ) - 1 AS "p"
        FROM "leads" AS "t0"
        WHERE
          "t0"."created_date" IS NOT NULL
      ) AS "t3"
      GROUP BY
        1
    ) AS "t10"
  ) AS "t13"
    ON "t20"."p" = "t13"."p_fact"
) AS "t21"
ORDER BY
  "t21"."p" ASC;
