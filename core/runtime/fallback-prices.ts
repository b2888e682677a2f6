/**
 * On-demand hourly prices (USD, Linux, shared tenancy) of common GPU instance types, used only
 * when neither the Pricing API nor the cached price in the hub table answers.
 *
 * Source: AWS EC2 On-Demand pricing page (https://aws.amazon.com/ec2/pricing/on-demand/),
 * region us-east-1, Linux, list prices as published in 2024. AWS lowered P4d/P5 prices in
 * June 2025, so these are deliberately on the high side: the forecast errs toward caution.
 */
export const FALLBACK_PRICES_SOURCE = 'AWS EC2 On-Demand pricing page, us-east-1 Linux list prices (2024)';

export const FALLBACK_HOURLY_USD: Readonly<Record<string, number>> = {
  'p3.2xlarge': 3.06,
  'p3.8xlarge': 12.24,
  'p3.16xlarge': 24.48,
  'p3dn.24xlarge': 31.212,
  'p4d.24xlarge': 32.7726,
  'p4de.24xlarge': 40.9657,
  'p5.48xlarge': 98.32,
  'g4dn.xlarge': 0.526,
  'g4dn.2xlarge': 0.752,
  'g4dn.4xlarge': 1.204,
  'g4dn.8xlarge': 2.176,
  'g4dn.12xlarge': 3.912,
  'g4dn.16xlarge': 4.352,
  'g4dn.metal': 7.824,
  'g5.xlarge': 1.006,
  'g5.2xlarge': 1.212,
  'g5.4xlarge': 1.624,
  'g5.8xlarge': 2.448,
  'g5.12xlarge': 5.672,
  'g5.16xlarge': 4.096,
  'g5.24xlarge': 8.144,
  'g5.48xlarge': 16.288,
  'g6.xlarge': 0.8048,
  'g6.2xlarge': 0.9776,
  'g6.4xlarge': 1.3232,
  'g6.8xlarge': 2.0144,
  'g6.12xlarge': 4.6016,
  'g6.16xlarge': 3.3968,
  'g6.24xlarge': 6.6752,
  'g6.48xlarge': 13.3504,
  'g6e.xlarge': 1.861,
  'g6e.2xlarge': 2.242,
  'g6e.12xlarge': 10.493,
  'g6e.48xlarge': 30.131,
};

/** The bundled price of an instance type; other regions use the us-east-1 price as an estimate. */
export const fallbackHourlyUsd = (instanceType: string): number | undefined => FALLBACK_HOURLY_USD[instanceType];
