"""The requester side: clients that post and fund labelling jobs through the API."""
