-- xlkpi clv: Customer lifetime value, per month, options: defaults; bigquery SQL
WITH `t3` AS (
  SELECT
    MIN(
      (
        (
          (
            EXTRACT(year FROM `t1`.`order_date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t1`.`order_date`)
      ) - 1
    ) AS `lo`,
    MAX(
      (
        (
          (
            EXTRACT(year FROM `t1`.`order_date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t1`.`order_date`)
      ) - 1
    ) AS `hi`
  FROM (
    SELECT
      *
    FROM `orders` AS `t0`
    WHERE
      `t0`.`order_date` IS NOT NULL
  ) AS `t1`
), `t5` AS (
  SELECT
    `t2`.`customer_id`,
    `t2`.`key`,
    COUNT(*) AS `n`,
    SUM(`t2`.`revenue`) AS `revenue`,
    SUM(IF(COALESCE(`t2`.`revenue` IS NULL, FALSE), 1, 0)) AS `blank`
  FROM (
    SELECT
      `t0`.`order_id`,
      `t0`.`order_date`,
      `t0`.`customer_id`,
      `t0`.`revenue`,
      `t0`.`cost`,
      `t0`.`status`,
      `t0`.`channel`,
      `t0`.`device`,
      (
        (
          (
            EXTRACT(year FROM `t0`.`order_date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t0`.`order_date`)
      ) - 1 AS `p`,
      (
        (
          (
            EXTRACT(year FROM `t0`.`order_date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t0`.`order_date`)
      ) - 1 AS `key`
    FROM `orders` AS `t0`
    WHERE
      `t0`.`order_date` IS NOT NULL
      AND (
        (
          LOWER(TRIM(`t0`.`status`, ' \t\n\r\v\f')) IS NULL
        )
        OR LOWER(TRIM(`t0`.`status`, ' \t\n\r\v\f')) IN ('', 'paid')
      )
      AND `t0`.`customer_id` IS NOT NULL
  ) AS `t2`
  GROUP BY
    1,
    2
), `t15` AS (
  SELECT
    `t14`.`p`,
    COALESCE(
      TRUE
      AND (
        (
          `t14`.`p` >= `t8`.`lo0`
        ) AND (
          `t14`.`p` <= `t8`.`hi0`
        )
      ),
      FALSE
    ) AS `covered`
  FROM (
    SELECT
      IF(pos = pos_2, `p`, NULL) AS `p`
    FROM (
      SELECT
        MIN(`t4`.`lo`) AS `lo`,
        MAX(`t4`.`hi`) AS `hi`
      FROM `t3` AS `t4`
    ) AS `t9`
    CROSS JOIN UNNEST(GENERATE_ARRAY(
      0,
      GREATEST(
        ARRAY_LENGTH(
          IF(
            NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
              `t9`.`hi` + 1
            ) - `t9`.`lo`),
            ARRAY(
              SELECT
                ibis_bq_arr_range_1
              FROM UNNEST(GENERATE_ARRAY(`t9`.`lo`, `t9`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
              WHERE
                ibis_bq_arr_range_1 <> (
                  `t9`.`hi` + 1
                )
            ),
            []
          )
        )
      ) - 1
    )) AS pos
    CROSS JOIN UNNEST(IF(
      NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
        `t9`.`hi` + 1
      ) - `t9`.`lo`),
      ARRAY(
        SELECT
          ibis_bq_arr_range_1
        FROM UNNEST(GENERATE_ARRAY(`t9`.`lo`, `t9`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
        WHERE
          ibis_bq_arr_range_1 <> (
            `t9`.`hi` + 1
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
                `t9`.`hi` + 1
              ) - `t9`.`lo`),
              ARRAY(
                SELECT
                  ibis_bq_arr_range_1
                FROM UNNEST(GENERATE_ARRAY(`t9`.`lo`, `t9`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                WHERE
                  ibis_bq_arr_range_1 <> (
                    `t9`.`hi` + 1
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
                `t9`.`hi` + 1
              ) - `t9`.`lo`),
              ARRAY(
                SELECT
                  ibis_bq_arr_range_1
                FROM UNNEST(GENERATE_ARRAY(`t9`.`lo`, `t9`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                WHERE
                  ibis_bq_arr_range_1 <> (
                    `t9`.`hi` + 1
                  )
              ),
              []
            )
          ) - 1
        )
      )
  ) AS `t14`
  CROSS JOIN (
    SELECT
      `t4`.`lo` AS `lo0`,
      `t4`.`hi` AS `hi0`
    FROM `t3` AS `t4`
  ) AS `t8`
), `t23` AS (
  SELECT
    `t22`.`p`,
    `t22`.`lo`,
    `t22`.`hi`,
    `t12`.`key`,
    `t12`.`n`,
    `t12`.`revenue`,
    `t12`.`blank`
  FROM (
    SELECT
      `t16`.`p`,
      (
        (
          (
            (
              EXTRACT(year FROM DATE(
                CAST(FLOOR(ieee_divide(`t16`.`p` + 1, 12)) AS INT64) + 1970,
                (
                  (
                    `t16`.`p` + 1
                  ) - (
                    CAST(FLOOR(ieee_divide(`t16`.`p` + 1, 12)) AS INT64) * 12
                  )
                ) + 1,
                1
              )) - 1970
            ) * 12
          ) + EXTRACT(month FROM DATE(
            CAST(FLOOR(ieee_divide(`t16`.`p` + 1, 12)) AS INT64) + 1970,
            (
              (
                `t16`.`p` + 1
              ) - (
                CAST(FLOOR(ieee_divide(`t16`.`p` + 1, 12)) AS INT64) * 12
              )
            ) + 1,
            1
          ))
        ) - 1
      ) - 12 AS `lo`,
      (
        (
          (
            EXTRACT(year FROM DATE(
              CAST(FLOOR(ieee_divide(`t16`.`p` + 1, 12)) AS INT64) + 1970,
              (
                (
                  `t16`.`p` + 1
                ) - (
                  CAST(FLOOR(ieee_divide(`t16`.`p` + 1, 12)) AS INT64) * 12
                )
              ) + 1,
              1
            )) - 1970
          ) * 12
        ) + EXTRACT(month FROM DATE(
          CAST(FLOOR(ieee_divide(`t16`.`p` + 1, 12)) AS INT64) + 1970,
          (
            (
              `t16`.`p` + 1
            ) - (
              CAST(FLOOR(ieee_divide(`t16`.`p` + 1, 12)) AS INT64) * 12
            )
          ) + 1,
          1
        ))
      ) - 1 AS `hi`
    FROM `t15` AS `t16`
  ) AS `t22`
  INNER JOIN (
    SELECT
      `t7`.`key`,
      SUM(`t7`.`n`) AS `n`,
      SUM(`t7`.`revenue`) AS `revenue`,
      SUM(`t7`.`blank`) AS `blank`
    FROM `t5` AS `t7`
    GROUP BY
      1
  ) AS `t12`
    ON `t12`.`key` >= `t22`.`lo` AND `t12`.`key` < `t22`.`hi`
), `t31` AS (
  SELECT
    *
  FROM (
    SELECT
      `t29`.`customer_id`,
      `t29`.`key`,
      `t29`.`first`,
      `t29`.`last`,
      IF(
        (
          LAG(`t29`.`last`) OVER (PARTITION BY `t29`.`customer_id` ORDER BY `t29`.`key` ASC) IS NULL
        )
        OR (
          LAG(`t29`.`last`) OVER (PARTITION BY `t29`.`customer_id` ORDER BY `t29`.`key` ASC) < `t29`.`first`
        ),
        `t29`.`first`,
        LAG(`t29`.`last`) OVER (PARTITION BY `t29`.`customer_id` ORDER BY `t29`.`key` ASC) + 1
      ) AS `start`
    FROM (
      SELECT
        `t10`.`customer_id`,
        `t10`.`key`,
        `t27`.`first`,
        `t27`.`last`
      FROM `t5` AS `t10`
      INNER JOIN (
        SELECT
          `t24`.`key`,
          MIN(`t24`.`p`) AS `first`,
          MAX(`t24`.`p`) AS `last`
        FROM `t23` AS `t24`
        GROUP BY
          1
      ) AS `t27`
        ON `t10`.`key` = `t27`.`key`
    ) AS `t29`
  ) AS `t30`
  WHERE
    `t30`.`start` <= `t30`.`last`
)
SELECT
  `t45`.`p` AS `period`,
  '' AS `segment`,
  IF(`t45`.`covered`, `t45`.`value`, CAST(NULL AS FLOAT64)) AS `value`
FROM (
  SELECT
    `t20`.`p`,
    `t20`.`covered`,
    `t44`.`value`
  FROM (
    SELECT
      *
    FROM `t15` AS `t16`
  ) AS `t20`
  LEFT OUTER JOIN (
    SELECT
      `t42`.`p` AS `p_fact`,
      `t42`.`value`
    FROM (
      SELECT
        `t28`.`p`,
        IF(
          `t28`.`blank` > 0,
          CAST(NULL AS FLOAT64),
          ieee_divide(`t28`.`revenue`, NULLIF(CAST(`t28`.`n` AS FLOAT64), 0))
        ) * ieee_divide(CAST(`t28`.`n` AS FLOAT64), NULLIF(CAST(`t41`.`buyers` AS FLOAT64), 0)) * 3.0 AS `value`
      FROM (
        SELECT
          `t24`.`p`,
          SUM(`t24`.`n`) AS `n`,
          SUM(`t24`.`revenue`) AS `revenue`,
          SUM(`t24`.`blank`) AS `blank`
        FROM `t23` AS `t24`
        GROUP BY
          1
      ) AS `t28`
      INNER JOIN (
        SELECT
          `t39`.`p`,
          SUM(`t39`.`d`) OVER (ORDER BY `t39`.`p` ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `buyers`
        FROM (
          SELECT
            `t19`.`p`,
            COALESCE(`t38`.`d`, 0) AS `d`
          FROM (
            SELECT
              `t16`.`p`
            FROM `t15` AS `t16`
          ) AS `t19`
          LEFT OUTER JOIN (
            SELECT
              `t36`.`p` AS `p_fact`,
              `t36`.`d`
            FROM (
              SELECT
                `t35`.`p`,
                SUM(`t35`.`d`) AS `d`
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    `t32`.`start` AS `p`,
                    COUNT(*) AS `d`
                  FROM `t31` AS `t32`
                  GROUP BY
                    1
                ) AS `t33`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    `t32`.`last` + 1 AS `p`,
                    -(
                      COUNT(*)
                    ) AS `d`
                  FROM `t31` AS `t32`
                  GROUP BY
                    1
                ) AS `t34`
              ) AS `t35`
              GROUP BY
                1
            ) AS `t36`
          ) AS `t38`
            ON `t19`.`p` = `t38`.`p_fact`
        ) AS `t39`
      ) AS `t41`
        ON `t28`.`p` = `t41`.`p`
    ) AS `t42`
  ) AS `t44`
    ON `t20`.`p` = `t44`.`p_fact`
) AS `t45`
ORDER BY
  `t45`.`p` ASC NULLS LAST;
