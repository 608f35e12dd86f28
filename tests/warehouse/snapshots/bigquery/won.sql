-- xlkpi won: Leads won, per month, options: defaults; bigquery SQL
WITH `t1` AS (
  SELECT
    *
  FROM `leads` AS `t0`
  WHERE
    `t0`.`created_date` IS NOT NULL
), `t14` AS (
  SELECT
    MIN(`t13`.`lo`) AS `lo`,
    MAX(`t13`.`hi`) AS `hi`
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
                EXTRACT(year FROM MIN(`t2`.`created_date`)) - 1970
              ) * 12
            ) + EXTRACT(month FROM MIN(`t2`.`created_date`))
          ) - 1 AS `lo`,
          (
            (
              (
                EXTRACT(year FROM MAX(`t2`.`created_date`)) - 1970
              ) * 12
            ) + EXTRACT(month FROM MAX(`t2`.`created_date`))
          ) - 1 AS `hi`
        FROM `t1` AS `t2`
      ) AS `t6`
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          (
            (
              (
                EXTRACT(year FROM MIN(`t2`.`mql_date`)) - 1970
              ) * 12
            ) + EXTRACT(month FROM MIN(`t2`.`mql_date`))
          ) - 1 AS `lo`,
          (
            (
              (
                EXTRACT(year FROM MAX(`t2`.`mql_date`)) - 1970
              ) * 12
            ) + EXTRACT(month FROM MAX(`t2`.`mql_date`))
          ) - 1 AS `hi`
        FROM `t1` AS `t2`
      ) AS `t7`
    ) AS `t11`
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
                EXTRACT(year FROM MIN(`t2`.`sql_date`)) - 1970
              ) * 12
            ) + EXTRACT(month FROM MIN(`t2`.`sql_date`))
          ) - 1 AS `lo`,
          (
            (
              (
                EXTRACT(year FROM MAX(`t2`.`sql_date`)) - 1970
              ) * 12
            ) + EXTRACT(month FROM MAX(`t2`.`sql_date`))
          ) - 1 AS `hi`
        FROM `t1` AS `t2`
      ) AS `t8`
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          (
            (
              (
                EXTRACT(year FROM MIN(`t2`.`won_date`)) - 1970
              ) * 12
            ) + EXTRACT(month FROM MIN(`t2`.`won_date`))
          ) - 1 AS `lo`,
          (
            (
              (
                EXTRACT(year FROM MAX(`t2`.`won_date`)) - 1970
              ) * 12
            ) + EXTRACT(month FROM MAX(`t2`.`won_date`))
          ) - 1 AS `hi`
        FROM `t1` AS `t2`
      ) AS `t9`
    ) AS `t12`
  ) AS `t13`
)
SELECT
  `t21`.`p` AS `period`,
  '' AS `segment`,
  IF(`t21`.`covered`, CAST(`t21`.`n` AS FLOAT64), CAST(NULL AS FLOAT64)) AS `value`
FROM (
  SELECT
    `t20`.`p`,
    COALESCE(
      TRUE
      AND (
        (
          `t20`.`p` >= `t17`.`lo0`
        ) AND (
          `t20`.`p` <= `t17`.`hi0`
        )
      ),
      FALSE
    ) AS `covered`,
    COALESCE(`t10`.`n`, 0) AS `n`
  FROM (
    SELECT
      IF(pos = pos_2, `p`, NULL) AS `p`
    FROM (
      SELECT
        MIN(`t15`.`lo`) AS `lo`,
        MAX(`t15`.`hi`) AS `hi`
      FROM `t14` AS `t15`
    ) AS `t18`
    CROSS JOIN UNNEST(GENERATE_ARRAY(
      0,
      GREATEST(
        ARRAY_LENGTH(
          IF(
            NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
              `t18`.`hi` + 1
            ) - `t18`.`lo`),
            ARRAY(
              SELECT
                ibis_bq_arr_range_1
              FROM UNNEST(GENERATE_ARRAY(`t18`.`lo`, `t18`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
              WHERE
                ibis_bq_arr_range_1 <> (
                  `t18`.`hi` + 1
                )
            ),
            []
          )
        )
      ) - 1
    )) AS pos
    CROSS JOIN UNNEST(IF(
      NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
        `t18`.`hi` + 1
      ) - `t18`.`lo`),
      ARRAY(
        SELECT
          ibis_bq_arr_range_1
        FROM UNNEST(GENERATE_ARRAY(`t18`.`lo`, `t18`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
        WHERE
          ibis_bq_arr_range_1 <> (
            `t18`.`hi` + 1
          )
      ),
      []
    )) AS `p` WITH OFFSET AS pos_2
    WHERE
      pos = pos_2
      OR (
        pos > (
          ARRAY_LENGTH(
            IF(
              NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
                `t18`.`hi` + 1
              ) - `t18`.`lo`),
              ARRAY(
                SELECT
                  ibis_bq_arr_range_1
                FROM UNNEST(GENERATE_ARRAY(`t18`.`lo`, `t18`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                WHERE
                  ibis_bq_arr_range_1 <> (
                    `t18`.`hi` + 1
                  )
              ),
              []
            )
          ) - 1
        )
        AND pos_2 = (
          ARRAY_LENGTH(
            IF(
              NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
                `t18`.`hi` + 1
              ) - `t18`.`lo`),
              ARRAY(
                SELECT
                  ibis_bq_arr_range_1
                FROM UNNEST(GENERATE_ARRAY(`t18`.`lo`, `t18`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                WHERE
                  ibis_bq_arr_range_1 <> (
                    `t18`.`hi` + 1
                  )
              ),
              []
            )
          ) - 1
        )
      )
  ) AS `t20`
  CROSS JOIN (
    SELECT
      `t15`.`lo` AS `lo0`,
      `t15`.`hi` AS `hi0`
    FROM `t14` AS `t15`
  ) AS `t17`
  LEFT OUTER JOIN (
    SELECT
      `t4`.`p` AS `p_fact`,
      `t4`.`n`
    FROM (
      SELECT
        `t3`.`p`,
        COUNT(*) AS `n`
      FROM (
        SELECT
          `t0`.`lead_id`,
          `t0`.`created_date`,
          `t0`.`source`,
          `t0`.`mql_date`,
          `t0`.`sql_date`,
          `t0`.`won_date`,
          `t0`.`customer_id`,
          (
            (
              (
                EXTRACT(year FROM `t0`.`won_date`) - 1970
              ) * 12
            ) + EXTRACT(month FROM `t0`.`won_date`)
          ) - 1 AS `p`
        FROM `leads` AS `t0`
        WHERE
          `t0`.`created_date` IS NOT NULL AND `t0`.`won_date` IS NOT NULL
      ) AS `t3`
      GROUP BY
        1
    ) AS `t4`
  ) AS `t10`
    ON `t20`.`p` = `t10`.`p_fact`
) AS `t21`
ORDER BY
  `t21`.`p` ASC NULLS LAST;
