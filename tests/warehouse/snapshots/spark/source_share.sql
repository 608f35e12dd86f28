-- xlkpi source_share: Traffic source share, per month, options: defaults; Spark SQL (Ibis' Databricks compiler: pyspark is not installed)
WITH `t7` AS (
  SELECT
    MIN(
      (
        (
          (
            EXTRACT(year FROM `t1`.`session_date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t1`.`session_date`)
      ) - 1
    ) AS `lo`,
    MAX(
      (
        (
          (
            EXTRACT(year FROM `t1`.`session_date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t1`.`session_date`)
      ) - 1
    ) AS `hi`
  FROM (
    SELECT
      *
    FROM `sessions` AS `t0`
    WHERE
      `t0`.`session_date` IS NOT NULL
  ) AS `t1`
)
SELECT
  `t19`.`p` AS `period`,
  `t19`.`segment`,
  IF(`t19`.`covered`, `t19`.`value`, CAST(NULL AS DOUBLE)) AS `value`
FROM (
  SELECT
    `t18`.`p`,
    COALESCE(
      TRUE
      AND (
        (
          `t18`.`p` >= `t12`.`lo0`
        ) AND (
          `t18`.`p` <= `t12`.`hi0`
        )
      ),
      FALSE
    ) AS `covered`,
    `t3`.`segment`,
    TRY_DIVIDE(
      CAST(COALESCE(`t10`.`part`, 0) AS DOUBLE),
      NULLIF(CAST(COALESCE(`t16`.`sessions`, 0) AS DOUBLE), 0)
    ) AS `value`
  FROM (
    SELECT
      EXPLODE(
        IF(
          (
            1 <> 0
          ) AND (
            SIGN(1) = SIGN((
              `t13`.`hi` + 1
            ) - `t13`.`lo`)
          ),
          IF(
            ELEMENT_AT(
              SEQUENCE(`t13`.`lo`, `t13`.`hi` + 1, 1),
              SIZE(SEQUENCE(`t13`.`lo`, `t13`.`hi` + 1, 1))
            ) = (
              `t13`.`hi` + 1
            ),
            SLICE(
              SEQUENCE(`t13`.`lo`, `t13`.`hi` + 1, 1),
              1,
              SIZE(SEQUENCE(`t13`.`lo`, `t13`.`hi` + 1, 1)) - 1
            ),
            SEQUENCE(`t13`.`lo`, `t13`.`hi` + 1, 1)
          ),
          ARRAY()
        )
      ) AS `p`
    FROM (
      SELECT
        MIN(`t9`.`lo`) AS `lo`,
        MAX(`t9`.`hi`) AS `hi`
      FROM `t7` AS `t9`
    ) AS `t13`
  ) AS `t18`
  CROSS JOIN (
    SELECT
      `t9`.`lo` AS `lo0`,
      `t9`.`hi` AS `hi0`
    FROM `t7` AS `t9`
  ) AS `t12`
  LEFT OUTER JOIN (
    SELECT
      `t14`.`p` AS `p_fact`,
      `t14`.`sessions`,
      `t14`.`bounced`,
      `t14`.`engaged`,
      `t14`.`converted`,
      `t14`.`micro`
    FROM (
      SELECT
        `t4`.`p`,
        COUNT(*) AS `sessions`,
        SUM(IF(COALESCE(`t4`.`pageviews` = 1, FALSE), 1, 0)) AS `bounced`,
        SUM(
          IF(
            COALESCE(
              (
                COALESCE(`t4`.`duration_seconds`, 0) > 10.0
              )
              OR (
                `t4`.`pageviews` >= 2
              )
              OR COALESCE(`t4`.`converted`, FALSE),
              FALSE
            ),
            1,
            0
          )
        ) AS `engaged`,
        SUM(IF(COALESCE(COALESCE(`t4`.`converted`, FALSE), FALSE), 1, 0)) AS `converted`,
        SUM(IF(COALESCE(COALESCE(`t4`.`micro_converted`, FALSE), FALSE), 1, 0)) AS `micro`
      FROM (
        SELECT
          `t0`.`session_date`,
          `t0`.`visitor_id`,
          `t0`.`pageviews`,
          `t0`.`device`,
          `t0`.`source`,
          `t0`.`converted`,
          `t0`.`micro_converted`,
          `t0`.`email_optin`,
          `t0`.`duration_seconds`,
          (
            (
              (
                EXTRACT(year FROM `t0`.`session_date`) - 1970
              ) * 12
            ) + EXTRACT(month FROM `t0`.`session_date`)
          ) - 1 AS `p`
        FROM `sessions` AS `t0`
        WHERE
          `t0`.`session_date` IS NOT NULL
      ) AS `t4`
      GROUP BY
        1
    ) AS `t14`
  ) AS `t16`
    ON `t18`.`p` = `t16`.`p_fact`
  CROSS JOIN (
    SELECT DISTINCT
      LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`source`)) AS `segment`
    FROM `sessions` AS `t0`
    WHERE
      `t0`.`session_date` IS NOT NULL
      AND LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`source`)) IS NOT NULL
      AND LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`source`)) <> ''
  ) AS `t3`
  LEFT OUTER JOIN (
    SELECT
      `t6`.`p` AS `p_part`,
      `t6`.`segment` AS `segment_part`,
      `t6`.`part`
    FROM (
      SELECT
        `t5`.`p`,
        `t5`.`segment`,
        COUNT(*) AS `part`
      FROM (
        SELECT
          `t0`.`session_date`,
          `t0`.`visitor_id`,
          `t0`.`pageviews`,
          `t0`.`device`,
          `t0`.`source`,
          `t0`.`converted`,
          `t0`.`micro_converted`,
          `t0`.`email_optin`,
          `t0`.`duration_seconds`,
          (
            (
              (
                EXTRACT(year FROM `t0`.`session_date`) - 1970
              ) * 12
            ) + EXTRACT(month FROM `t0`.`session_date`)
          ) - 1 AS `p`,
          LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`source`)) AS `segment`
        FROM `sessions` AS `t0`
        WHERE
          `t0`.`session_date` IS NOT NULL
          AND LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`source`)) IS NOT NULL
          AND LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`source`)) <> ''
      ) AS `t5`
      GROUP BY
        1,
        2
    ) AS `t6`
  ) AS `t10`
    ON `t18`.`p` = `t10`.`p_part` AND `t3`.`segment` = `t10`.`segment_part`
) AS `t19`
ORDER BY
  `t19`.`p` ASC NULLS LAST,
  `t19`.`segment` ASC NULLS LAST;
