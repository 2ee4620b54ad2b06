print("merle")
