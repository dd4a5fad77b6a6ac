/**
 * Who calls the evaluate function and how much it may ask: the public or a registered API caller
 * ({@link org.leakcheck.function.cap.Callers}: the site key, or another key API Gateway checked), which
 * decides the batch limit; and the daily cap per client address of the public (docs/deploy.md,
 * "Limits"): who a request counts against ({@link org.leakcheck.function.cap.ClientResolver}), the day's keyed name of that
 * client ({@link org.leakcheck.function.cap.DailyKeys}), and one conditional DynamoDB update per
 * evaluation in a table of its own ({@link org.leakcheck.function.cap.DynamoCapStore}). No address
 * is stored, logged or kept past its day.
 */
package org.leakcheck.function.cap;
