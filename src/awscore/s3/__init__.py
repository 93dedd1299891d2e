"""S3: the object store every awscore engine shares."""
