"""The plan: the recommender and the view that every output renders."""
